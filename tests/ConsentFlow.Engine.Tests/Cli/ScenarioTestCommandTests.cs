using ConsentFlow.Engine.Tests.Support;

namespace ConsentFlow.Engine.Tests.Cli;

public sealed class ScenarioTestCommandTests
{
    [Fact]
    public async Task Every_clinic_rule_scenario_passes_and_the_command_exits_0()
    {
        var run = await CliRun.RunAsync("test", Path.Combine(RepositoryPaths.Workflows, "scenarios"));

        Assert.True(run.ExitCode == 0, run.ToString());
        var scenarioCount = Directory.GetFiles(Path.Combine(RepositoryPaths.Workflows, "scenarios"), "*.scenario.json").Length;
        Assert.Equal(scenarioCount, run.OutLines.Count(line => line.StartsWith("PASS ")));
        Assert.Contains($"{scenarioCount} passed, 0 failed.", run.Out);
    }

    [Fact]
    public async Task A_failing_scenario_prints_fail_with_the_step_path_and_exits_1()
    {
        using var folder = new TempFolder();
        folder.Write("passes.scenario.json", Scenario("""{ "expect": { "readiness": "waiting" } }"""));
        var failing = folder.Write("wrong-expectation.scenario.json", Scenario("""
            { "as": "nurse", "submit": "imaging-review" },
            { "expect": { "readiness": "done" } }
            """));

        var run = await CliRun.RunAsync("test", folder.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(run.OutLines, line => line.StartsWith("PASS "));
        Assert.Contains(run.OutLines, line => line.StartsWith("FAIL "));
        Assert.Contains($"{failing}: $.steps[1].expect.readiness: expected 'done' but was 'waiting'", run.Out);
        Assert.Contains("1 passed, 1 failed.", run.Out);
    }

    [Fact]
    public async Task A_malformed_scenario_file_is_reported_before_anything_runs_and_exits_1()
    {
        using var folder = new TempFolder();
        var file = folder.Write("typo.scenario.json", Scenario("""{ "as": "nurse", "sumbit": "imaging-review" }"""));

        var run = await CliRun.RunAsync("test", folder.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"ERROR {file}: $.steps[0].sumbit: property is not allowed here", run.Out);
    }

    private static string Scenario(string steps) => $$"""
        {
          "name": "Temporary scenario",
          "workflow": {{System.Text.Json.JsonSerializer.Serialize(RepositoryPaths.DefaultWorkflow)}},
          "steps": [ {{steps}} ]
        }
        """;
}
