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

    /// <summary>Issue 7: each rule has scenarios on both sides of its threshold.</summary>
    [Theory]
    [InlineData("day-of-verification-12-hours-before", "day-of-verification-12-hours-1-minute-before", "postponement-to-another-day-reopens")]
    [InlineData("imaging-dated-6-calendar-months-before", "imaging-dated-6-calendar-months-and-1-day-before")]
    [InlineData("lacking-capacity-cannot-sign", "lacking-capacity-consents-through-a-legally-authorized-representative", "consent-invalid-hard-stop-needs-surgeon-and-anesthesiologist")]
    [InlineData("english-discussion-and-no-interpreter", "with-an-interpreter-the-interpreter-signs")]
    [InlineData("screening-dated-14-days", "screening-dated-15-days", "anesthesia-review-48-hours", "anesthesia-review-47-hours")]
    [InlineData("dual-therapy-aspirin-and-clopidogrel", "dual-therapy-with-both-holds-met", "naproxen-last-taken-69-hours", "naproxen-last-taken-70-hours", "re-ask-each-drug")]
    [InlineData("new-imaging-after-consent", "change-in-condition", "revised-consent-template", "error-recorded", "doubtful-capacity", "after-the-procedure-date")]
    [InlineData("7-hours-59-minutes-before-signing", "8-hours-before-signing")]
    [InlineData("withdrawal-without-a-reason", "withdrawal-of-consent")]
    [InlineData("imaging-review-is-due-3-days-before", "imaging-review-open-3-days-and-1-minute")]
    [InlineData("who-phases-then-close-out", "fluoroscopic-level-not-confirmed-at-time-out", "oximeter-not-on-at-sign-in", "counts-incorrect-at-sign-out")]
    public void Each_rule_of_issue_7_has_its_scenarios(params string[] fragments)
    {
        var files = FileNames().ToList();
        Assert.All(fragments, fragment => Assert.Contains(files, file => file.Contains(fragment, StringComparison.Ordinal)));
    }
}
