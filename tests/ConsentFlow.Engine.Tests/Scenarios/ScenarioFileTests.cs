using ConsentFlow.Engine.Scenarios;
using ConsentFlow.Engine.Tests.Support;
using Json.Schema;

namespace ConsentFlow.Engine.Tests.Scenarios;

/// <summary>The scenario format: the published schema and the loader agree, and mistakes are named by file and JSON path.</summary>
public sealed class ScenarioFileTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, "scenario.schema.json"))));

    [Fact]
    public void Every_clinic_rule_scenario_conforms_to_the_published_schema()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Workflows, "scenarios"), ConsentFlow.Engine.Scenarios.Scenario.FilePattern))
        {
            var result = Schema.Value.Evaluate(System.Text.Json.JsonDocument.Parse(File.ReadAllText(file)).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(result.IsValid, $"{Path.GetFileName(file)} does not conform to scenario.schema.json");
        }
    }

    [Theory]
    [InlineData("""{ "as": "nurse", "sumbit": "imaging-review" }""", "$.steps[0].sumbit", "property is not allowed here")]
    [InlineData("""{ "as": "nurse", "submit": "imaging-review", "expect": { "readiness": "done" } }""", "$.steps[0]", "a step does one thing")]
    [InlineData("""{ "submit": "imaging-review" }""", "$.steps[0].as", "is required")]
    [InlineData("""{ "at": "yesterday" }""", "$.steps[0].at", "is not a time")]
    [InlineData("""{ "as": "nurse", "override": "imaging-checks", "expectError": "refused" }""", "$.steps[0].expectError", "'refused' is not one of")]
    [InlineData("""{ "expect": { "readiness": "ready" } }""", "$.steps[0].expect.readiness", "'ready' is not one of: done, waiting, blocked")]
    [InlineData("""{ "expect": { "consents": ["Signed"] } }""", "$.steps[0].expect.consents", "'Signed' is not one of")]
    [InlineData("""{ "note": "nothing to do" }""", "$.steps[0]", "a step needs an action")]
    [InlineData("""{ "as": "scheduler", "changeCase": {} }""", "$.steps[0].changeCase", "must name what changes")]
    public void A_mistake_in_a_step_is_reported_with_its_json_path_and_rejected_by_the_schema(string step, string path, string message)
    {
        var json = Scenario($"[{step}]");

        var (scenario, problems) = ScenarioLoader.Parse(json, "rule.scenario.json");

        Assert.Null(scenario);
        Assert.Contains(problems, p => p.JsonPath == path && p.Message.Contains(message, StringComparison.Ordinal)
            && p.ToString() == $"rule.scenario.json: {path}: {p.Message}");
        Assert.False(Schema.Value.Evaluate(System.Text.Json.JsonDocument.Parse(json).RootElement).IsValid, "the schema should reject it too");
    }

    [Fact]
    public void An_unknown_workflow_id_is_reported_at_workflow()
    {
        var json = Scenario("""[{ "expect": { "readiness": "done" } }]""").Replace(Quoted(RepositoryPaths.DefaultWorkflow), "\"no-such-workflow\"");

        var (_, problems) = ScenarioLoader.Parse(json, Path.Combine(RepositoryPaths.Workflows, "scenarios", "x.scenario.json"));

        var problem = Assert.Single(problems);
        Assert.Equal("$.workflow", problem.JsonPath);
        Assert.Contains("no *.workflow.json with id 'no-such-workflow'", problem.Message);
    }

    [Fact]
    public void A_workflow_id_is_found_in_the_workflows_folder_above_the_scenarios()
    {
        var json = Scenario("""[{ "expect": { "readiness": "done" } }]""").Replace(Quoted(RepositoryPaths.DefaultWorkflow), "\"peld-consent\"");

        var (scenario, problems) = ScenarioLoader.Parse(json, Path.Combine(RepositoryPaths.Workflows, "scenarios", "x.scenario.json"));

        Assert.Empty(problems);
        Assert.Equal(Path.GetFullPath(RepositoryPaths.DefaultWorkflow), scenario!.WorkflowFile);
        Assert.Equal(Path.Combine(RepositoryPaths.Workflows, "scenarios", "typical-answers.json"), scenario.AnswersFile);
        Assert.Equal("L4-L5", scenario.Case.Level);
        Assert.Equal(ConsentFlow.Engine.Scenarios.Scenario.DefaultClock, scenario.Clock);
    }

    [Fact]
    public void Invalid_json_is_reported_with_its_line()
    {
        var (_, problems) = ScenarioLoader.Parse("{ \"name\": ", "rule.scenario.json");
        Assert.StartsWith("rule.scenario.json: $: not valid JSON (line 1", Assert.Single(problems).ToString());
    }

    private static string Quoted(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private static string Scenario(string steps) =>
        $$"""{ "name": "Rule", "workflow": {{Quoted(RepositoryPaths.DefaultWorkflow)}}, "steps": {{steps}} }""";
}
