using System.Text.Json.Nodes;
using ConsentFlow.Web.Tests.Support;

namespace ConsentFlow.Web.Tests.Api;

[Collection(AppCollection.Name)]
public sealed class DefinitionApiTests(RunningApp app)
{
    [Fact]
    public async Task The_workflow_folder_is_published_at_start()
    {
        var versions = (JsonArray)await (await app.ClientAsync(CaseDriver.Administrator)).GetJsonAsync("/api/v1/definitions");
        Assert.Contains(versions, v => v!["definitionId"]!.GetValue<string>() == "peld-consent");
    }

    [Fact]
    public async Task An_invalid_definition_is_refused_with_json_paths()
    {
        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Workflows, "peld-consent.workflow.json")))!;
        json["start"] = "no-such-step";
        using var response = await (await app.ClientAsync(CaseDriver.Administrator)).PostAsync("/api/v1/definitions",
            new JsonObject { ["definition"] = json, ["password"] = Web.Hosting.DemoStaff.Password });
        var problem = await ApiClient.ReadAsync(response, 400);
        Assert.Contains(problem["problems"]!.AsArray(), p => p!.GetValue<string>().StartsWith("request: $.start: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Publishing_needs_the_administrator_role()
    {
        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Workflows, "peld-consent.workflow.json")))!;
        using var response = await (await app.ClientAsync(CaseDriver.Nurse)).PostAsync("/api/v1/definitions",
            new JsonObject { ["definition"] = json, ["password"] = Web.Hosting.DemoStaff.Password });
        await ApiClient.ReadAsync(response, 403);
    }

    [Fact]
    public async Task Publishing_asks_the_administrator_for_the_password_again()
    {
        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Workflows, "peld-consent.workflow.json")))!;
        var admin = await app.ClientAsync(CaseDriver.Administrator);
        using var withoutPassword = await admin.PostAsync("/api/v1/definitions", new JsonObject { ["definition"] = json.DeepClone() });
        Assert.NotNull((await ApiClient.ReadAsync(withoutPassword, 400))["errors"]!["password"]);
        // The published text exactly (not re-serialized): unchanged content needs no change note and runs no scenarios.
        var exact = $"{{\"definition\": {await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Workflows, "peld-consent.workflow.json"))}, \"password\": \"{Web.Hosting.DemoStaff.Password}\"}}";
        using var confirmed = await admin.PostContentAsync("/api/v1/definitions", new StringContent(exact, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(confirmed.IsSuccessStatusCode, $"{(int)confirmed.StatusCode}: {await confirmed.Content.ReadAsStringAsync()}");
        Assert.False((await ApiClient.ReadAsync(confirmed, 200))["changed"]!.GetValue<bool>());
    }
}
