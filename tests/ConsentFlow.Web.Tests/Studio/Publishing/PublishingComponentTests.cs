using Bunit;
using ConsentFlow.Engine.Publishing;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Web.Components.Studio;
using MudBlazor.Services;

namespace ConsentFlow.Web.Tests.Studio.Publishing;

public sealed class PublishingComponentTests
{
    private static readonly TimeSpan ScenarioRun = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Draft_scenarios_show_pass_and_fail_lines_as_consentflow_test_prints_them()
    {
        await using var studio = await StudioComponents.StartAsync();
        var cut = studio.Context.Render<DraftScenarios>(p => p.Add(c => c.DraftJson, StudioComponents.Edit("\"apixaban\": 72", "\"apixaban\": 48")));

        cut.Find("[data-testid=run-scenarios]").Click();

        cut.WaitForAssertion(() => Assert.Contains("1 passed, 1 failed", cut.Find("[data-testid=scenario-summary]").TextContent), ScenarioRun);
        var lines = cut.FindAll("[data-testid=scenario-lines] div").Select(d => d.TextContent).ToList();
        Assert.StartsWith("FAIL  Apixaban last taken 2 days before the procedure is a hard stop", lines[0]);
        Assert.Contains(lines, l => l.Contains("apixaban-last-taken-2-days-before-is-a-hard-stop.scenario.json: $.steps[1].expect", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("PASS  Apixaban last taken 3 days", StringComparison.Ordinal));
        Assert.Equal("1 passed, 1 failed.", lines[^1]);
    }

    [Fact]
    public async Task Draft_scenarios_of_an_invalid_draft_show_its_problems_instead()
    {
        await using var studio = await StudioComponents.StartAsync();
        var cut = studio.Context.Render<DraftScenarios>(p => p.Add(c => c.DraftJson, StudioComponents.Edit("\"start\": \"prerequisites\"", "\"start\": \"nowhere\"")));

        cut.Find("[data-testid=run-scenarios]").Click();

        cut.WaitForAssertion(() => Assert.Contains("$.start", cut.Markup), ScenarioRun);
        Assert.Empty(cut.FindAll("[data-testid=scenario-lines]"));
    }

    [Fact]
    public async Task The_publish_panel_keeps_publish_closed_until_scenarios_ran_then_shows_the_diff_and_affected_cases()
    {
        await using var studio = await StudioComponents.StartAsync();
        var cut = studio.Context.Render<PublishPanel>(p => p
            .Add(c => c.DefinitionId, "peld-consent")
            .Add(c => c.DraftJson, StudioComponents.Edit("\"Imaging review\"", "\"Imaging review and concordance\"")));

        Assert.True(cut.Find("button[data-testid=publish]").HasAttribute("disabled"));
        Assert.Contains("Run the scenarios first.", cut.Find("[data-testid=publish-gate]").TextContent);

        cut.Find("[data-testid=run-scenarios]").Click();
        cut.WaitForAssertion(() => Assert.False(cut.Find("button[data-testid=publish]").HasAttribute("disabled")), ScenarioRun);

        cut.Find("[data-testid=review-changes]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Imaging review and concordance", cut.Find("[data-testid=publish-diff]").TextContent));
        Assert.Contains("0 active case(s)", cut.Find("[data-testid=affected-count]").TextContent);
    }

    [Fact]
    public async Task The_publish_panel_offers_the_two_administrator_override_when_scenarios_fail()
    {
        await using var studio = await StudioComponents.StartAsync();
        var cut = studio.Context.Render<PublishPanel>(p => p
            .Add(c => c.DefinitionId, "peld-consent")
            .Add(c => c.DraftJson, StudioComponents.Edit("\"apixaban\": 72", "\"apixaban\": 48")));

        cut.Find("[data-testid=run-scenarios]").Click();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=publish-override]")), ScenarioRun);
        Assert.True(cut.Find("button[data-testid=publish]").HasAttribute("disabled"));
        Assert.Contains("second administrator", cut.Find("[data-testid=publish-gate]").TextContent);
    }

    [Fact]
    public async Task Version_history_lists_versions_newest_first_with_note_and_diff()
    {
        await using var studio = await StudioComponents.StartAsync();
        await studio.Publications.PublishAsync(new PublicationRequest(StudioComponents.Edit("\"Imaging review\"", "\"Imaging review and concordance\""),
            "Say what the imaging review checks"), StudioComponents.Admin, CancellationToken.None);
        var cut = studio.Context.Render<VersionHistory>(p => p.Add(c => c.DefinitionId, "peld-consent"));

        cut.WaitForAssertion(() => Assert.Equal(["2", "1"], cut.FindAll("[data-testid=version-entry]").Select(e => e.GetAttribute("data-version"))));
        Assert.Equal("Say what the imaging review checks", cut.FindAll("[data-testid=version-note]")[0].TextContent.Trim());
        Assert.Contains("no change note", cut.FindAll("[data-testid=version-note]")[1].TextContent);
        Assert.Single(cut.FindAll("[data-testid=start-rollback]"));

        cut.FindAll("[data-testid=show-diff]")[0].Click();
        cut.WaitForAssertion(() => Assert.Contains("Imaging review and concordance", cut.Find("[data-testid=publish-diff]").TextContent));
    }

    [Fact]
    public async Task The_diff_groups_changes_and_shows_numbers_before_and_after()
    {
        await using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        var changes = new DefinitionChanges(1,
        [
            new(DiffArea.Threshold, DiffKind.Changed, "holdHours.apixaban", "", "72", "48"),
            new(DiffArea.Role, DiffKind.Changed, "imaging-review", "assigned role", "nurse", "surgeon"),
        ]);

        var cut = context.Render<PublishDiff>(p => p.Add(c => c.Changes, changes));

        Assert.Equal(["Thresholds (1)", "Role assignments (1)"], cut.FindAll("h6, .mud-typography-subtitle2").Select(h => h.TextContent.Trim()));
        var threshold = cut.Find("li[data-area=Threshold]");
        Assert.Equal(("72", "48"), (threshold.QuerySelector("del")!.TextContent, threshold.QuerySelector("ins")!.TextContent));
    }

    [Fact]
    public async Task Affected_cases_show_counts_by_version_and_no_patient_data()
    {
        await using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        var signed = new AffectedCase(Guid.NewGuid(), Guid.NewGuid(), 1, InstanceStatus.Running, ConsentStatus.Active, WouldReconsent: true);
        var fresh = new AffectedCase(Guid.NewGuid(), Guid.NewGuid(), 2, InstanceStatus.Running, null, WouldReconsent: false);
        var affected = new AffectedCases("peld-consent", 2, new Dictionary<int, int> { [1] = 1, [2] = 1 }, 1, [signed, fresh], ListTruncated: false);

        var cut = context.Render<PublishAffectedCases>(p => p.Add(c => c.Affected, affected));

        Assert.Contains("2 active case(s)", cut.Find("[data-testid=affected-count]").TextContent);
        Assert.StartsWith("1 of them would re-consent", cut.Find("[data-testid=reconsent-count]").TextContent.Trim());
        Assert.Equal(2, cut.FindAll("[data-testid=affected-case]").Count);
        Assert.Contains(signed.CaseId.ToString("N")[..8], cut.Markup);
    }
}
