using System.Text.Json.Nodes;
using ConsentFlow.Web.Security;
using ConsentFlow.Web.Tests.Support;
using static ConsentFlow.Web.Tests.Support.CaseDriver;

namespace ConsentFlow.Web.Tests.Security;

/// <summary>access.md: the scheduler sees plan fields and readiness, never screening answers.</summary>
[Collection(AppCollection.Name)]
public sealed class ClinicalDetailTests(RunningApp app)
{
    [Fact]
    public async Task The_scheduler_sees_that_a_case_is_on_clinical_hold_but_not_the_screening_answer_behind_it()
    {
        var patientCase = await StartAsync(app);
        using (var screening = await patientCase.SubmitAsync("sedation-screening", Nurse, new JsonObject { ["asaClass"] = "IV" }))
            await ApiClient.ReadAsync(screening, 200);

        var nurseView = await (await app.ClientAsync(Nurse)).GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}/readiness");
        Assert.Contains(nurseView["blockers"]!.AsArray(), b => b!["message"]!.GetValue<string>().Contains("ASA class IV"));

        var scheduler = await app.ClientAsync(Scheduler);
        foreach (var path in new[] { $"/api/v1/cases/{patientCase.InstanceId}/readiness", $"/api/v1/cases/{patientCase.InstanceId}", $"/api/v1/cases/{patientCase.InstanceId}/tasks",
                     $"/api/v1/tasks?caseId={patientCase.CaseId}", "/api/v1/cases" })
        {
            var body = (await scheduler.GetJsonAsync(path)).ToJsonString();
            Assert.DoesNotContain("ASA class IV", body);
        }
        var readiness = await scheduler.GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}/readiness");
        Assert.Contains(readiness["blockers"]!.AsArray(), b => b!["message"]!.GetValue<string>() == ClinicalDetail.HoldMessage);
    }
}
