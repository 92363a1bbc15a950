using System.Text.Json.Nodes;
using ConsentFlow.Web.Hosting;
using ConsentFlow.Web.Tests.Support;

namespace ConsentFlow.Web.Tests.Api;

/// <summary>
/// Issue 11: every POST that creates something honours Idempotency-Key through one shared filter: the same key and body
/// answer the first result (status and body), the same key with another body is 409, and keys belong to their caller.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class IdempotencyKeyTests(RunningApp app)
{
    [Fact]
    public async Task A_retried_api_key_creation_answers_the_first_key_and_creates_one()
    {
        var admin = await app.ClientAsync(CaseDriver.Administrator);
        var name = "EHR retry " + Guid.NewGuid().ToString("N")[..6];
        var key = "key-" + Guid.NewGuid();
        var body = new JsonObject { ["userName"] = CaseDriver.Nurse, ["scopes"] = new JsonArray("read"), ["name"] = name, ["administratorPassword"] = DemoStaff.Password };

        var (firstStatus, first) = await SendAsync(admin, "/api/v1/admin/api-keys", body, key);
        var (againStatus, again) = await SendAsync(admin, "/api/v1/admin/api-keys", body, key);

        Assert.Equal(201, firstStatus);
        Assert.Equal(201, againStatus);
        Assert.Equal(first, again);
        var keys = (JsonArray)await admin.GetJsonAsync("/api/v1/admin/api-keys");
        Assert.Single(keys, k => k!["name"]?.GetValue<string>() == name);
    }

    [Fact]
    public async Task A_retried_account_creation_answers_the_first_account_and_another_body_is_a_conflict()
    {
        var admin = await app.ClientAsync(CaseDriver.Administrator);
        var userName = "retry-" + Guid.NewGuid().ToString("N")[..6];
        var key = "user-" + Guid.NewGuid();
        var body = new JsonObject
        {
            ["userName"] = userName, ["displayName"] = "Lee Retry", ["professionalTitle"] = "RN", ["roles"] = new JsonArray("nurse"),
            ["password"] = "a long enough first password", ["administratorPassword"] = DemoStaff.Password,
        };
        var (firstStatus, first) = await SendAsync(admin, "/api/v1/admin/users", body, key);
        var (againStatus, again) = await SendAsync(admin, "/api/v1/admin/users", body, key);
        Assert.Equal((201, first), (againStatus, again));
        Assert.Equal(201, firstStatus);

        body["displayName"] = "Lee Other";
        var (otherStatus, _) = await SendAsync(admin, "/api/v1/admin/users", body, key);
        Assert.Equal(409, otherStatus);
    }

    [Fact]
    public async Task A_retried_case_answers_the_same_status_location_and_body()
    {
        var scheduler = await app.ClientAsync(CaseDriver.Scheduler);
        var body = CaseDriver.NewCaseBody("RETRY-" + Guid.NewGuid().ToString("N")[..8], DateTimeOffset.UtcNow.AddDays(12));
        var key = "case-" + Guid.NewGuid();
        using var first = await scheduler.PostAsync("/api/v1/cases", body.DeepClone(), ("Idempotency-Key", key));
        using var again = await scheduler.PostAsync("/api/v1/cases", body.DeepClone(), ("Idempotency-Key", key));
        Assert.Equal(201, (int)first.StatusCode);
        Assert.Equal(201, (int)again.StatusCode);
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task One_key_used_by_two_people_is_two_requests_not_a_conflict()
    {
        var key = "shared-" + Guid.NewGuid();
        var (nurseStatus, nurseCase) = await SendAsync(await app.ClientAsync(CaseDriver.Nurse), "/api/v1/cases",
            CaseDriver.NewCaseBody("KEY-" + Guid.NewGuid().ToString("N")[..8], DateTimeOffset.UtcNow.AddDays(12)), key);
        var (schedulerStatus, schedulerCase) = await SendAsync(await app.ClientAsync(CaseDriver.Scheduler), "/api/v1/cases",
            CaseDriver.NewCaseBody("KEY-" + Guid.NewGuid().ToString("N")[..8], DateTimeOffset.UtcNow.AddDays(12)), key);
        Assert.Equal((201, 201), (nurseStatus, schedulerStatus));
        Assert.NotEqual(nurseCase, schedulerCase);
    }

    [Fact]
    public async Task A_refused_first_attempt_leaves_the_key_free_for_the_corrected_request()
    {
        var scheduler = await app.ClientAsync(CaseDriver.Scheduler);
        var key = "fix-" + Guid.NewGuid();
        var body = CaseDriver.NewCaseBody("FIX-" + Guid.NewGuid().ToString("N")[..8], DateTimeOffset.UtcNow.AddDays(12));
        var bad = (JsonObject)body.DeepClone();
        bad["level"] = "L9-Z9";
        Assert.Equal(400, (await SendAsync(scheduler, "/api/v1/cases", bad, key)).Status);
        Assert.Equal(201, (await SendAsync(scheduler, "/api/v1/cases", body, key)).Status);
    }

    [Theory]
    [InlineData("/api/v1/cases")]
    [InlineData("/api/v1/cases/{instanceId}/documents")]
    [InlineData("/api/v1/admin/users")]
    [InlineData("/api/v1/admin/api-keys")]
    [InlineData("/api/v1/definitions")]
    public async Task The_openapi_document_offers_the_header_on_every_creating_post(string path)
    {
        var document = await app.Anonymous().GetJsonAsync("/openapi/v1.json");
        var parameters = document["paths"]![path]!["post"]!["parameters"]!.AsArray();
        Assert.Contains(parameters, p => p!["name"]!.GetValue<string>() == "Idempotency-Key" && p["in"]!.GetValue<string>() == "header");
    }

    private static async Task<(int Status, string Body)> SendAsync(ApiClient client, string path, JsonNode body, string key)
    {
        using var response = await client.PostAsync(path, body.DeepClone(), ("Idempotency-Key", key));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
