using System.Text.Json.Nodes;
using ConsentFlow.Web.Tests.Support;

namespace ConsentFlow.Web.Tests.Api;

[Collection(AppCollection.Name)]
public sealed class CaseApiTests(RunningApp app)
{
    [Fact]
    public async Task A_new_case_opens_its_tasks_and_readiness_follows_submissions()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        var steps = (await patientCase.OpenTasksAsync()).Select(t => t!["stepId"]!.GetValue<string>()).ToList();
        Assert.Contains("imaging-review", steps);
        Assert.Contains("sedation-screening", steps);
        Assert.Contains("consent-discussion", steps);

        var nurseInbox = (JsonArray)await (await patientCase.As(CaseDriver.Nurse)).GetJsonAsync($"/api/v1/tasks?role=nurse&caseId={patientCase.CaseId}");
        Assert.All(nurseInbox, t => Assert.Contains("nurse", t!["roles"]!.AsArray().Select(r => r!.GetValue<string>())));

        await patientCase.SubmitOkAsync("imaging-review", CaseDriver.Nurse);

        var readiness = await (await patientCase.As(CaseDriver.Nurse)).GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}/readiness");
        Assert.Equal("Waiting", readiness["state"]!.GetValue<string>());
        var blockingSteps = readiness["blockers"]!.AsArray().Select(b => b!["stepId"]!.GetValue<string>()).ToList();
        Assert.DoesNotContain("imaging-review", blockingSteps);
        Assert.Contains("sedation-screening", blockingSteps);
    }

    [Fact]
    public async Task Starting_a_case_without_identifiers_names_the_missing_fields()
    {
        var body = CaseDriver.NewCaseBody("", DateTimeOffset.UtcNow.AddDays(5));
        body["patient"]!["familyName"] = "";
        using var response = await (await app.ClientAsync(CaseDriver.Scheduler)).PostAsync("/api/v1/cases", body);
        var problem = await ApiClient.ReadAsync(response, 400);
        Assert.NotNull(problem["errors"]!["patient.mrn"]);
        Assert.NotNull(problem["errors"]!["patient.familyName"]);
    }

    [Fact]
    public async Task A_level_change_after_signing_makes_the_consent_inactive()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        await patientCase.SignConsentAsync();

        using var change = await (await patientCase.As(CaseDriver.Surgeon)).PatchAsync($"/api/v1/cases/{patientCase.InstanceId}", new JsonObject { ["level"] = "L5-S1" });
        await ApiClient.ReadAsync(change, 200);

        var detail = await (await patientCase.As(CaseDriver.Nurse)).GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}");
        var consents = detail["consents"]!.AsArray();
        Assert.Equal("Inactive", consents[0]!["status"]!.GetValue<string>());
        Assert.Contains(detail["openTasks"]!.AsArray(), t => t!["stepId"]!.GetValue<string>() == "consent-discussion");
    }

    [Fact]
    public async Task Nobody_signed_in_gets_401_and_an_anesthesiologist_may_not_book_a_case()
    {
        using var anonymous = await app.Anonymous().PostAsync("/api/v1/cases", CaseDriver.NewCaseBody("M-1", DateTimeOffset.UtcNow.AddDays(3)));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var forged = await app.Anonymous().SendAsync(HttpMethod.Get, "/api/v1/cases", null, ("X-Actor-Id", "surgeon-3"), ("X-Actor-Role", "surgeon"));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, forged.StatusCode);
        using var anesthesiologist = await (await app.ClientAsync(CaseDriver.Anesthesiologist)).PostAsync("/api/v1/cases", CaseDriver.NewCaseBody("M-1", DateTimeOffset.UtcNow.AddDays(3)));
        await ApiClient.ReadAsync(anesthesiologist, 403);
    }

    [Fact]
    public async Task A_patient_withdraws_without_giving_a_reason()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        using var withdrawn = await (await patientCase.As(CaseDriver.Nurse)).PostAsync($"/api/v1/cases/{patientCase.InstanceId}/withdraw", new JsonObject());
        Assert.Equal("Withdrawn", (await ApiClient.ReadAsync(withdrawn, 200))["instanceStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task New_imaging_after_signing_makes_the_consent_inactive_and_an_unknown_concern_is_refused()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        await patientCase.SignConsentAsync();
        var nurse = await patientCase.As(CaseDriver.Nurse);
        using (var unknown = await nurse.PostAsync($"/api/v1/cases/{patientCase.InstanceId}/consent-concerns", new JsonObject { ["concern"] = "moonPhase" }))
            await ApiClient.ReadAsync(unknown, 422);
        using (var reported = await nurse.PostAsync($"/api/v1/cases/{patientCase.InstanceId}/consent-concerns", new JsonObject { ["concern"] = "newImaging", ["note"] = "Repeat MRI after a fall." }))
            await ApiClient.ReadAsync(reported, 200);
        var detail = await nurse.GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}");
        Assert.Equal("Inactive", detail["consents"]![0]!["status"]!.GetValue<string>());
    }
}
