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
    // The domain brief's rules on both sides (domain §1, §3, §4, §5, §8).
    [InlineData("side-change-after-consent", "approach-change-after-consent", "surgeon-change-after-consent", "sedation-plan-change-after-consent", "postponement-within-the-30-days", "postponement-past-the-30-days")]
    [InlineData("premedication-charted-before-the-consent-discussion", "no-premedication-before-the-consent-discussion", "consent-not-reaffirmed-on-the-day", "surgeon-attests-after")]
    [InlineData("asa-iv-is-a-hard-stop", "asa-v-is-a-hard-stop", "asa-iii-is-no-hard-stop", "asa-iii-escalates", "asa-iii-other-side")]
    [InlineData("stop-bang-4-needs-no", "stop-bang-5-escalates", "stop-bang-bmi-35-1", "stop-bang-bmi-35-scores-no", "stop-bang-neck-41", "stop-bang-neck-40", "stop-bang-observed-apnea", "stop-bang-female-patient-scores-no", "stop-bang-female-patient-with-5")]
    [InlineData("mallampati-iii-escalates", "mallampati-iv-escalates", "mallampati-iii-other-side")]
    [InlineData("lastbreastmilk-239-minutes", "lastbreastmilk-240-minutes", "fasting-delay-lifts-when-the-start-moves", "fasting-delay-stays-when-the-start-moves")]
    [InlineData("inr-1-5-recorded-without-warfarin", "inr-1-4-recorded-without-warfarin", "inr-missing-on-warfarin", "hcg-missing-when-pregnancy", "hcg-positive-when-pregnancy")]
    [InlineData("no-escort-on-the-procedure-day", "escort-present-on-the-procedure-day", "escort-arranged-at-the-sedation-screening", "fever-or-infection-at-the-sedation-screening", "no-fever-or-infection-at-the-sedation-screening", "new-cauda-equina-signs-at-the-sedation-screening", "no-cauda-equina-signs-at-the-sedation-screening")]
    [InlineData("imaging-side-mismatch", "imaging-on-the-booked-side", "leg-symptoms-on-the-other-side", "instability-on-flexion-extension", "no-instability-on-flexion-extension", "symptoms-new-or-worse-since-the-imaging")]
    [InlineData("identity-not-verified-on-the-procedure-day", "operative-region-not-marked", "holds-not-confirmed-on-the-procedure-day", "close-out-without-the-patient-s-copy", "without-a-recorded-relationship", "english-consent-text-and-no-interpreter")]
    public void Each_rule_of_issue_7_has_its_scenarios(params string[] fragments)
    {
        var files = FileNames().ToList();
        Assert.All(fragments, fragment => Assert.Contains(files, file => file.Contains(fragment, StringComparison.Ordinal)));
    }
}
