using System.Text.Json.Nodes;
using ConsentFlow.Web.Hosting;
using ConsentFlow.Web.Studio.Publishing;
using ConsentFlow.Web.Tests.Support;

namespace ConsentFlow.Web.Tests.Api;

/// <summary>
/// Publishing through the API: the scenario gate, the change note, the two-administrator override, history and roll back.
/// On its own app whose studio runs only the two apixaban scenarios (a hold met, a hold not met), so a run takes seconds.
/// </summary>
public sealed class PublishingApiTests : IAsyncLifetime
{
    private static readonly string ScenariosFolder = ScenarioFolders.Copy("apixaban-last-taken-2-days-before-is-a-hard-stop.scenario.json", "apixaban-last-taken-3-days-before-is-allowed.scenario.json");
    private readonly RunningApp _app = RunningApp.WithSettings((StudioPublishingServices.ScenariosFolderSetting, ScenariosFolder));

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    private static string DefaultJson => File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, "peld-consent.workflow.json"));

    /// <summary>The default workflow with apixaban held <paramref name="hours"/> hours: under 72, the "2 days before is a hard stop" scenario fails.</summary>
    private static JsonNode ApixabanHold(int hours)
    {
        var definition = JsonNode.Parse(DefaultJson)!;
        definition["tables"]!["holdHours"]!["apixaban"] = hours;
        return definition;
    }

    private static JsonObject Publish(JsonNode definition, string? note, Guid? overrideId = null) => new()
    {
        ["definition"] = definition.DeepClone(), ["password"] = DemoStaff.Password, ["note"] = note,
        ["overrideId"] = overrideId?.ToString(),
    };

    [Fact]
    public async Task Publishing_is_refused_while_a_scenario_fails()
    {
        var admin = await _app.ClientAsync(CaseDriver.Administrator);

        using var refused = await admin.PostAsync("/api/v1/definitions", Publish(ApixabanHold(24), "Apixaban hold one day"));

        Assert.Contains("1 failed", (await ApiClient.ReadAsync(refused, 422))["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Publishing_a_change_without_a_note_is_refused_naming_the_note()
    {
        var admin = await _app.ClientAsync(CaseDriver.Administrator);

        using var refused = await admin.PostAsync("/api/v1/definitions", Publish(ApixabanHold(96), null));

        Assert.NotNull((await ApiClient.ReadAsync(refused, 400))["errors"]!["note"]);
    }

    [Fact]
    public async Task A_draft_runs_its_scenarios_and_previews_its_diff_before_publishing()
    {
        var admin = await _app.ClientAsync(CaseDriver.Administrator);

        using var run = await admin.PostAsync("/api/v1/definitions/scenario-runs", ApixabanHold(36));
        var report = await ApiClient.ReadAsync(run, 200);
        Assert.Equal((1, 1), (report["passedCount"]!.GetValue<int>(), report["failedCount"]!.GetValue<int>()));
        Assert.Contains(report["scenarios"]!.AsArray(), s => s!["headline"]!.GetValue<string>().StartsWith("FAIL  Apixaban last taken 2 days", StringComparison.Ordinal));

        using var preview = await admin.PostAsync("/api/v1/definitions/preview", ApixabanHold(36));
        var changes = (await ApiClient.ReadAsync(preview, 200))["changes"]!["changes"]!.AsArray();
        var change = Assert.Single(changes)!;
        Assert.Equal(("Threshold", "holdHours.apixaban", "72", "36"),
            (change["area"]!.GetValue<string>(), change["subject"]!.GetValue<string>(), change["before"]!.GetValue<string>(), change["after"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_override_needs_a_second_different_administrator_then_lets_the_failing_draft_through()
    {
        var admin = await _app.ClientAsync(CaseDriver.Administrator);
        var draft = ApixabanHold(48);
        using var asked = await admin.PostAsync("/api/v1/definitions/peld-consent/overrides", new JsonObject
        {
            ["definition"] = draft.DeepClone(), ["reason"] = "Pharmacy confirmed a 48-hour hold for our protocol", ["password"] = DemoStaff.Password,
        });
        var overrideId = (await ApiClient.ReadAsync(asked, 201))["id"]!.GetValue<Guid>();

        using (var own = await admin.PostAsync($"/api/v1/definitions/peld-consent/overrides/{overrideId}/approval", new JsonObject { ["password"] = DemoStaff.Password }))
            Assert.Contains("second, different administrator", (await ApiClient.ReadAsync(own, 422))["detail"]!.GetValue<string>());
        using (var unapproved = await admin.PostAsync("/api/v1/definitions", Publish(draft, "Apixaban hold 48 h", overrideId)))
            await ApiClient.ReadAsync(unapproved, 422);

        var second = await SecondAdministratorAsync(admin);
        using (var approved = await second.PostAsync($"/api/v1/definitions/peld-consent/overrides/{overrideId}/approval", new JsonObject { ["password"] = SecondPassword }))
            Assert.Equal("Approved", (await ApiClient.ReadAsync(approved, 200))["status"]!.GetValue<string>());

        using var published = await admin.PostAsync("/api/v1/definitions", Publish(draft, "Apixaban hold 48 h (pharmacy)", overrideId));
        var version = (await ApiClient.ReadAsync(published, 201))["version"]!.GetValue<int>();
        var entry = (await admin.GetJsonAsync("/api/v1/definitions/peld-consent/versions")).AsArray()[0]!;
        Assert.Equal((version, "Apixaban hold 48 h (pharmacy)", overrideId), (entry["version"]!.GetValue<int>(), entry["note"]!.GetValue<string>(), entry["overrideId"]!.GetValue<Guid>()));
        Assert.Contains("holdHours.apixaban: 72 → 48", entry["diffSummary"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rolling_back_publishes_an_earlier_version_again_with_its_note()
    {
        var admin = await _app.ClientAsync(CaseDriver.Administrator);
        var renamed = JsonNode.Parse(DefaultJson.Replace("\"Imaging review\"", "\"Imaging review (API)\""))!;
        using (var published = await admin.PostAsync("/api/v1/definitions", Publish(renamed, "Rename for the API test")))
            await ApiClient.ReadAsync(published, 201);

        using var rolledBack = await admin.PostAsync("/api/v1/definitions/peld-consent/versions/1/rollback",
            new JsonObject { ["note"] = "Back to the deployed text", ["password"] = DemoStaff.Password });

        var version = (await ApiClient.ReadAsync(rolledBack, 201))["version"]!.GetValue<int>();
        var entry = (await admin.GetJsonAsync("/api/v1/definitions/peld-consent/versions")).AsArray()[0]!;
        Assert.Equal((version, 1, "Back to the deployed text"), (entry["version"]!.GetValue<int>(), entry["rolledBackFromVersion"]!.GetValue<int>(), entry["note"]!.GetValue<string>()));
        using var text = await admin.GetAsync($"/api/v1/definitions/peld-consent/versions/{version}");
        Assert.Equal(DefaultJson, await text.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_nurse_may_not_run_scenarios_review_publish_or_approve()
    {
        var nurse = await _app.ClientAsync(CaseDriver.Nurse);

        foreach (var (path, body) in new (string, JsonNode?)[]
                 {
                     ("/api/v1/definitions/scenario-runs", ApixabanHold(48)), ("/api/v1/definitions/preview", ApixabanHold(48)),
                     ("/api/v1/definitions", Publish(ApixabanHold(96), "note")),
                     ("/api/v1/definitions/peld-consent/overrides", new JsonObject { ["definition"] = ApixabanHold(48), ["reason"] = "r", ["password"] = DemoStaff.Password }),
                     ($"/api/v1/definitions/peld-consent/overrides/{Guid.NewGuid()}/approval", new JsonObject { ["password"] = DemoStaff.Password }),
                     ("/api/v1/definitions/peld-consent/versions/1/rollback", new JsonObject { ["note"] = "n", ["password"] = DemoStaff.Password }),
                 })
        {
            using var response = await nurse.PostAsync(path, body);
            await ApiClient.ReadAsync(response, 403);
        }
        using var history = await nurse.GetAsync("/api/v1/definitions/peld-consent/versions");
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, history.StatusCode);
    }

    private const string SecondPassword = "a second administrator's password";

    private async Task<ApiClient> SecondAdministratorAsync(ApiClient admin)
    {
        using var created = await admin.PostAsync("/api/v1/admin/users", new JsonObject
        {
            ["userName"] = "second-admin", ["displayName"] = "Sam Ortiz", ["professionalTitle"] = "", ["roles"] = new JsonArray("administrator"),
            ["password"] = SecondPassword, ["administratorPassword"] = DemoStaff.Password,
        });
        await ApiClient.ReadAsync(created, 201);
        return await ApiClient.SignInAsync(_app.BaseAddress, "second-admin", SecondPassword);
    }
}
