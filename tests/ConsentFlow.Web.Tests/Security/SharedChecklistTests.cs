using System.Text.Json.Nodes;
using ConsentFlow.Web.Tests.Support;
using static ConsentFlow.Web.Tests.Support.CaseDriver;

namespace ConsentFlow.Web.Tests.Security;

/// <summary>
/// access.md: the imaging review, sedation screening and day-of checklist are the nurse's, the surgeon's and the
/// anesthesiologist's alike (never the scheduler's); the journal records who did it in their own role.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SharedChecklistTests(RunningApp app)
{
    [Theory]
    [InlineData(Surgeon, "sedation-screening")]
    [InlineData(Anesthesiologist, "sedation-screening")]
    [InlineData(Surgeon, "imaging-review")]
    [InlineData(Anesthesiologist, "imaging-review")]
    public async Task A_surgeon_or_anesthesiologist_may_do_the_nurses_checklist_in_their_own_role(string clinician, string stepId)
    {
        var patientCase = await StartAsync(app);
        var task = await patientCase.TaskAsync(stepId);
        Assert.Equal(["nurse"], task["roles"]!.AsArray().Select(r => r!.GetValue<string>()));

        await patientCase.SubmitOkAsync(stepId, clinician);

        Assert.DoesNotContain(await patientCase.OpenTasksAsync(), t => t!["stepId"]!.GetValue<string>() == stepId);
        var trail = (JsonArray)await (await patientCase.As(Nurse)).GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}/audit-trail");
        var done = trail.Where(e => e!["stepId"]?.GetValue<string>() == stepId && e["action"]!.GetValue<string>() == "task.completed").ToList();
        Assert.Equal(clinician, Assert.Single(done)!["role"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("sedation-screening")]
    [InlineData("imaging-review")]
    public async Task The_scheduler_may_not_do_a_clinical_checklist(string stepId)
    {
        var patientCase = await StartAsync(app);

        using var response = await patientCase.SubmitAsync(stepId, Scheduler);

        await ApiClient.ReadAsync(response, 403);
        Assert.Contains(await patientCase.OpenTasksAsync(), t => t!["stepId"]!.GetValue<string>() == stepId);
    }

    /// <summary>
    /// The rule behind the shared checklists is the definition's own mark (a form open to other systems, which access.md
    /// gives the same row): in the clinic's workflow it is exactly the imaging review, sedation screening and day-of verification.
    /// </summary>
    [Fact]
    public async Task The_shared_checklists_of_the_clinics_workflow_are_the_imaging_review_sedation_screening_and_day_of_verification()
    {
        var definition = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Workflows, "peld-consent.workflow.json")))!;
        var openToSystems = definition["forms"]!.AsArray().Where(f => f!["systemsMaySubmit"]?.GetValue<bool>() == true)
            .Select(f => f!["id"]!.GetValue<string>()).ToHashSet();
        var shared = definition["steps"]!.AsArray()
            .Where(s => s!["kind"]!.GetValue<string>() == "humanTask" && s["role"]?.GetValue<string>() == "nurse" && openToSystems.Contains(s["form"]?.GetValue<string>() ?? ""))
            .Select(s => s!["id"]!.GetValue<string>());
        Assert.Equal(["day-of-verification", "imaging-review", "sedation-screening"], shared.Order());
    }

    [Fact]
    public async Task The_anesthesiologist_may_not_give_the_surgeons_consent_discussion()
    {
        var patientCase = await StartAsync(app);

        using var response = await patientCase.SubmitAsync("consent-discussion", Anesthesiologist);

        await ApiClient.ReadAsync(response, 403);
    }
}
