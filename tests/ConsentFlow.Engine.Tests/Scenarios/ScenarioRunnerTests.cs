using ConsentFlow.Engine.Scenarios;
using ConsentFlow.Engine.Tests.Support;

namespace ConsentFlow.Engine.Tests.Scenarios;

/// <summary>How the runner reports a scenario that does not turn out as written.</summary>
public sealed class ScenarioRunnerTests
{
    [Fact]
    public async Task A_wrong_open_task_list_names_the_step_the_expected_and_the_actual_tasks()
    {
        var result = await RunAsync("""
            { "as": "nurse", "submit": "imaging-review" },
            { "expect": { "openTasks": ["consent-discussion"] } }
            """);

        var failure = Assert.Single(result.Failures);
        Assert.Equal("$.steps[1].expect.openTasks", failure.JsonPath);
        Assert.Equal("""expected ["consent-discussion"] but was ["consent-discussion", "sedation-screening"]""", failure.Message);
    }

    [Fact]
    public async Task A_missing_blocker_lists_the_blockers_there_are()
    {
        var result = await RunAsync("""{ "expect": { "blockersInclude": ["apixaban"] } }""");

        var failure = Assert.Single(result.Failures);
        Assert.Equal("$.steps[0].expect.blockersInclude[0]", failure.JsonPath);
        Assert.Contains("no blocker mentions 'apixaban'; blockers: [\"", failure.Message);
    }

    [Fact]
    public async Task An_unexpected_refusal_fails_at_its_step_and_names_the_kind()
    {
        var result = await RunAsync("""
            { "as": "nurse", "submit": "imaging-review", "data": { "level": "L5-S1" } },
            { "as": "nurse", "override": "imaging-checks", "reason": "Looks fine to me on the images." },
            { "expect": { "readiness": "done" } }
            """);

        var failure = Assert.Single(result.Failures);
        Assert.Equal("$.steps[1]", failure.JsonPath);
        Assert.StartsWith("nurse was refused (forbidden):", failure.Message);
    }

    [Fact]
    public async Task An_expected_refusal_that_is_accepted_fails()
    {
        var result = await RunAsync("""{ "as": "nurse", "submit": "imaging-review", "expectError": "forbidden" }""");

        Assert.Equal("$.steps[0].expectError: expected a 'forbidden' refusal but it was accepted", Assert.Single(result.Failures).ToString()[(result.Scenario.File.Length + 2)..]);
    }

    [Fact]
    public async Task The_clock_cannot_go_back()
    {
        var result = await RunAsync("""{ "at": "@start-2d" }, { "at": "@start-3d" }""");

        var failure = Assert.Single(result.Failures);
        Assert.Equal("$.steps[1].at", failure.JsonPath);
        Assert.Contains("the clock cannot go back", failure.Message);
    }

    [Fact]
    public async Task An_invalid_case_is_reported_at_the_case_field()
    {
        var result = await RunAsync("""{ "expect": { "readiness": "waiting" } }""", """ "case": { "level": "L9-L10" }, """);

        Assert.Equal("$.case.level", Assert.Single(result.Failures).JsonPath);
    }

    [Fact]
    public async Task A_passing_scenario_leaves_a_trace_of_every_step()
    {
        var result = await RunAsync("""
            { "at": "@start-7d", "as": "nurse", "submit": "imaging-review" },
            { "expect": { "openTasksExclude": ["imaging-review"] } }
            """);

        Assert.True(result.Passed);
        Assert.Equal(3, result.Trace.Count);
        Assert.Contains("$.steps[0] nurse submits imaging-review; closed: imaging-review", result.Trace[1]);
    }

    private static async Task<ScenarioResult> RunAsync(string steps, string extra = "")
    {
        var json = $$"""
            { "name": "Runner test", {{extra}} "workflow": {{System.Text.Json.JsonSerializer.Serialize(RepositoryPaths.DefaultWorkflow)}}, "steps": [ {{steps}} ] }
            """;
        var (scenario, problems) = ScenarioLoader.Parse(json, Path.Combine(Path.GetTempPath(), "runner-test.scenario.json"));
        Assert.Empty(problems);
        return await ScenarioRunner.RunAsync(scenario!, ScenarioDatabase.Sqlite, CancellationToken.None);
    }
}
