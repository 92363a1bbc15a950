using ConsentFlow.Engine.Scenarios;
using ConsentFlow.Engine.Tests.Support;

namespace ConsentFlow.Engine.Tests.Scenarios;

/// <summary>Every clinic rule under workflows/scenarios is its own test, named by its file.</summary>
public sealed class ClinicRuleScenarioTests
{
    private static string ScenarioFolder => Path.Combine(RepositoryPaths.Workflows, "scenarios");

    public static TheoryData<string> ScenarioFiles() => new(FileNames());

    private static IEnumerable<string> FileNames() =>
        Directory.GetFiles(ScenarioFolder, Scenario.FilePattern).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [Theory]
    [MemberData(nameof(ScenarioFiles))]
    public async Task Clinic_rule_holds_on_the_default_workflow(string scenario)
    {
        var (loaded, problems) = await ScenarioLoader.LoadAsync(Path.Combine(ScenarioFolder, scenario), CancellationToken.None);
        Assert.Empty(problems);

        var result = await ScenarioRunner.RunAsync(Assert.Single(loaded), ScenarioDatabase.Sqlite, CancellationToken.None);

        Assert.True(result.Passed, string.Join(Environment.NewLine, result.Failures.Select(f => f.ToString()).Concat(result.Trace)));
    }

    [Fact]
    public void There_is_a_scenario_for_every_rule_the_domain_brief_lists()
    {
        var files = FileNames().ToList();
        string[] rules = ["31-days", "imaging-level-mismatch", "stop-bang-5", "apixaban-last-taken-2-days", "clear-liquids-90-minutes",
            "failed-teach-back", "level-change-after-consent", "uneventful-patient", "declines", "withdrawal-of-consent",
            "override-without-a-reason", "nurse-may-not-override"];
        Assert.All(rules, rule => Assert.Contains(files, file => file.Contains(rule, StringComparison.Ordinal)));
    }
}
