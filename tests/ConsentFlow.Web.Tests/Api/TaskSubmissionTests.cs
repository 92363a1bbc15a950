using System.Net;
using System.Text.Json.Nodes;
using ConsentFlow.Web.Tests.Support;

namespace ConsentFlow.Web.Tests.Api;

[Collection(AppCollection.Name)]
public sealed class TaskSubmissionTests(RunningApp app)
{
    [Fact]
    public async Task Validation_errors_are_keyed_by_field_name()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        using var response = await patientCase.SubmitAsync("sedation-screening", CaseDriver.Nurse,
            new JsonObject { ["bmi"] = 500, ["escortArranged"] = null, ["asaClass"] = "VII" });

        var problem = await ApiClient.ReadAsync(response, 400);
        var errors = problem["errors"]!.AsObject();
        Assert.Contains("at most 80", errors["bmi"]![0]!.GetValue<string>());
        Assert.Equal("is required", errors["escortArranged"]![0]!.GetValue<string>());
        Assert.NotNull(errors["asaClass"]);
        Assert.Equal(["asaClass", "bmi", "escortArranged"], errors.Select(e => e.Key).Order());
    }

    [Fact]
    public async Task Two_submissions_at_once_give_one_success_and_one_conflict()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        var task = await patientCase.TaskAsync("imaging-review");
        var nurse = await patientCase.As(CaseDriver.Nurse);
        var answers = patientCase.Answers("imaging-review");

        var responses = await Task.WhenAll(
            nurse.PostAsync($"/api/v1/tasks/{task["id"]}/submission", answers.DeepClone(), ("Idempotency-Key", "first-" + Guid.NewGuid())),
            nurse.PostAsync($"/api/v1/tasks/{task["id"]}/submission", answers.DeepClone(), ("Idempotency-Key", "second-" + Guid.NewGuid())));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
    }

    [Fact]
    public async Task A_retried_submission_with_the_same_key_returns_the_first_result()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        var key = "retry-" + Guid.NewGuid();

        using var first = await patientCase.SubmitAsync("imaging-review", CaseDriver.Nurse, idempotencyKey: key);
        var firstBody = await ApiClient.ReadAsync(first, 200);
        var task = firstBody["taskId"]!.GetValue<string>();
        using var again = await (await patientCase.As(CaseDriver.Nurse)).PostAsync($"/api/v1/tasks/{task}/submission", patientCase.Answers("imaging-review"), ("Idempotency-Key", key));
        var againBody = await ApiClient.ReadAsync(again, 200);

        Assert.Equal(firstBody.ToJsonString(), againBody.ToJsonString());
    }

    [Fact]
    public async Task A_stale_if_match_version_is_412_precondition_failed()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        var task = await patientCase.TaskAsync("imaging-review");
        using var response = await (await patientCase.As(CaseDriver.Nurse)).PostAsync($"/api/v1/tasks/{task["id"]}/submission",
            patientCase.Answers("imaging-review"), ("If-Match", $"\"{task["version"]!.GetValue<int>() + 5}\""));
        await ApiClient.ReadAsync(response, 412);
    }

    [Fact]
    public async Task A_task_for_another_role_is_forbidden()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        // The consent discussion is the surgeon's alone (access.md); the imaging review is no longer an example, clinical staff share it.
        using var response = await patientCase.SubmitAsync("consent-discussion", CaseDriver.Nurse);
        await ApiClient.ReadAsync(response, 403);
    }

    [Fact]
    public async Task A_task_comes_with_its_form_definition_and_version_etag()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        var task = await patientCase.TaskAsync("sedation-screening");
        using var response = await (await patientCase.As(CaseDriver.Nurse)).GetAsync($"/api/v1/tasks/{task["id"]}?lang=es");
        var body = await ApiClient.ReadAsync(response, 200);
        Assert.Equal($"\"{task["version"]}\"", response.Headers.ETag?.ToString());
        var bmi = body["form"]!["fields"]!.AsArray().First(f => f!["id"]!.GetValue<string>() == "bmi")!;
        Assert.Equal("kg/m²", bmi["unit"]!.GetValue<string>());
        Assert.NotNull(bmi["label"]!["es"]);
    }
}
