using System.Net;
using System.Text.Json.Nodes;
using ConsentFlow.Web.Tests.Support;

namespace ConsentFlow.Web.Tests.Api;

/// <summary>Issue 11, concurrency contract: Idempotency-Key replays the first result, ETag/If-Match refuse stale writes with 412.</summary>
[Collection(AppCollection.Name)]
public sealed class ConcurrencyContractTests(RunningApp app)
{
    [Fact]
    public async Task Twenty_identical_case_posts_with_one_key_create_one_case()
    {
        var scheduler = await app.ClientAsync(CaseDriver.Scheduler);
        var body = CaseDriver.NewCaseBody("IDEM-" + Guid.NewGuid().ToString("N")[..8], DateTimeOffset.UtcNow.AddDays(9));
        var key = "book-" + Guid.NewGuid();
        var before = await CaseCountAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => scheduler.PostAsync("/api/v1/cases", body.DeepClone(), ("Idempotency-Key", key))));

        var bodies = new List<string>();
        foreach (var response in responses) bodies.Add((await ApiClient.ReadAsync(response, 201))["instanceId"]!.GetValue<string>());
        Assert.Single(bodies.Distinct());
        Assert.Equal(before + 1, await CaseCountAsync());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_a_conflict()
    {
        var scheduler = await app.ClientAsync(CaseDriver.Scheduler);
        var key = "book-" + Guid.NewGuid();
        var body = CaseDriver.NewCaseBody("IDEM-" + Guid.NewGuid().ToString("N")[..8], DateTimeOffset.UtcNow.AddDays(9));
        using (var first = await scheduler.PostAsync("/api/v1/cases", body.DeepClone(), ("Idempotency-Key", key))) await ApiClient.ReadAsync(first, 201);
        body["side"] = "right";
        using var other = await scheduler.PostAsync("/api/v1/cases", body, ("Idempotency-Key", key));
        await ApiClient.ReadAsync(other, 409);
    }

    [Fact]
    public async Task A_patch_with_a_stale_if_match_is_412_and_changes_nothing_and_the_current_etag_succeeds()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        var surgeon = await patientCase.As(CaseDriver.Surgeon);
        using var read = await surgeon.GetAsync($"/api/v1/cases/{patientCase.InstanceId}");
        var etag = read.Headers.ETag?.Tag;
        Assert.Matches("^\"\\d+\"$", etag);

        await patientCase.SubmitOkAsync("imaging-review", CaseDriver.Nurse); // someone else moves the case on

        using var stale = await surgeon.SendAsync(HttpMethod.Patch, $"/api/v1/cases/{patientCase.InstanceId}", new JsonObject { ["side"] = "right" }, ("If-Match", etag!));
        await ApiClient.ReadAsync(stale, 412);
        var detail = await surgeon.GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}");
        Assert.Equal("left", detail["case"]!["side"]!.GetValue<string>());

        using var fresh = await surgeon.GetAsync($"/api/v1/cases/{patientCase.InstanceId}");
        using var current = await surgeon.SendAsync(HttpMethod.Patch, $"/api/v1/cases/{patientCase.InstanceId}", new JsonObject { ["side"] = "right" }, ("If-Match", fresh.Headers.ETag!.Tag));
        await ApiClient.ReadAsync(current, 200);
    }

    [Fact]
    public async Task A_patch_answers_the_new_etag_so_the_next_conditional_change_needs_no_read()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        var surgeon = await patientCase.As(CaseDriver.Surgeon);
        using var read = await surgeon.GetAsync($"/api/v1/cases/{patientCase.InstanceId}");

        using var first = await surgeon.SendAsync(HttpMethod.Patch, $"/api/v1/cases/{patientCase.InstanceId}", new JsonObject { ["side"] = "right" }, ("If-Match", read.Headers.ETag!.Tag));
        await ApiClient.ReadAsync(first, 200);
        var answered = first.Headers.ETag?.Tag;
        Assert.NotEqual(read.Headers.ETag!.Tag, answered);

        using var second = await surgeon.SendAsync(HttpMethod.Patch, $"/api/v1/cases/{patientCase.InstanceId}", new JsonObject { ["side"] = "left" }, ("If-Match", answered!));
        await ApiClient.ReadAsync(second, 200);
    }

    [Fact]
    public async Task An_if_match_that_is_not_a_version_names_the_header()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        using var response = await (await patientCase.As(CaseDriver.Surgeon)).SendAsync(HttpMethod.Patch, $"/api/v1/cases/{patientCase.InstanceId}",
            new JsonObject { ["side"] = "right" }, ("If-Match", "\"yesterday\""));
        Assert.NotNull((await ApiClient.ReadAsync(response, 400))["errors"]!["If-Match"]);
    }

    [Fact]
    public async Task Producing_a_document_again_with_one_key_twice_returns_the_first_version()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        await patientCase.SignConsentAsync();
        var nurse = await patientCase.As(CaseDriver.Nurse);
        var key = "regen-" + Guid.NewGuid();
        using var first = await nurse.PostAsync($"/api/v1/cases/{patientCase.InstanceId}/documents", null, ("Idempotency-Key", key));
        using var again = await nurse.PostAsync($"/api/v1/cases/{patientCase.InstanceId}/documents", null, ("Idempotency-Key", key));
        var firstDocument = await ApiClient.ReadAsync(first, 201);
        Assert.Equal(firstDocument["id"]!.GetValue<string>(), (await ApiClient.ReadAsync(again, 201))["id"]!.GetValue<string>());
        Assert.Equal(2, ((JsonArray)await nurse.GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}/documents")).Count);
    }

    private async Task<int> CaseCountAsync() =>
        (await (await app.ClientAsync(CaseDriver.Nurse)).GetJsonAsync($"/api/v1/cases?to={DateTime.UtcNow.AddDays(700):yyyy-MM-dd}"))["counts"]!["all"]!.GetValue<int>();
}
