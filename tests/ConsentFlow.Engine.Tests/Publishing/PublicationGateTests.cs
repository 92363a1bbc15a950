using ConsentFlow.Engine.Forms;
using ConsentFlow.Engine.Publishing;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Tests.Publishing;

public sealed class PublicationGateTests
{
    private static readonly Actor SecondAdmin = new("admin-2", "administrator");

    [Fact]
    public async Task Draft_scenarios_report_pass_and_fail_lines_as_consentflow_test_does()
    {
        await using var studio = await StudioWorkspace.StartAsync();

        var report = await studio.Scenarios.RunAsync(StudioWorkspace.ShorterApixabanHold, CancellationToken.None);

        Assert.Equal((1, 1, "1 passed, 1 failed."), (report.PassedCount, report.FailedCount, report.Summary));
        var failed = Assert.Single(report.Scenarios, s => !s.Passed);
        Assert.StartsWith("FAIL  Apixaban last taken 2 days before the procedure is a hard stop", failed.Headline);
        Assert.Contains(failed.Failures, f => f.Contains("apixaban-last-taken-2-days-before-is-a-hard-stop.scenario.json: $.steps[1].expect", StringComparison.Ordinal));
        Assert.StartsWith("PASS  ", Assert.Single(report.Scenarios, s => s.Passed).Headline);
    }

    [Fact]
    public async Task Publishing_is_refused_while_a_scenario_fails()
    {
        await using var studio = await StudioWorkspace.StartAsync();

        var refused = await Assert.ThrowsAsync<RejectedException>(() => studio.Publications.PublishAsync(
            new PublicationRequest(StudioWorkspace.ShorterApixabanHold, "Shorter apixaban hold"), TestEngine.Admin, CancellationToken.None));

        Assert.Contains("1 failed", refused.Message);
        Assert.Single(await studio.History.ForAsync("peld-consent", CancellationToken.None));
    }

    [Fact]
    public async Task A_change_note_is_required_to_publish()
    {
        await using var studio = await StudioWorkspace.StartAsync();

        var invalid = await Assert.ThrowsAsync<FormValidationException>(() => studio.Publications.PublishAsync(
            new PublicationRequest(StudioWorkspace.RenamedImagingReview, "   "), TestEngine.Admin, CancellationToken.None));

        Assert.Equal("note", Assert.Single(invalid.Errors).Field);
    }

    [Fact]
    public async Task A_passing_draft_is_published_with_its_note_its_diff_and_who_published_it()
    {
        await using var studio = await StudioWorkspace.StartAsync();

        var outcome = await studio.Publications.PublishAsync(
            new PublicationRequest(StudioWorkspace.RenamedImagingReview, "Say what the imaging review checks"), TestEngine.Admin, CancellationToken.None);

        Assert.Equal((2, true), (outcome.Result.Version, outcome.Result.Changed));
        var latest = (await studio.History.ForAsync("peld-consent", CancellationToken.None))[0];
        Assert.Equal((2, "Say what the imaging review checks", TestEngine.Admin.Id, 2, 0),
            (latest.Version, latest.Note, latest.PublishedBy, latest.ScenariosPassed, latest.ScenariosFailed));
        Assert.Equal("Changed message imaging-review title (en): Imaging review → Imaging review and concordance", latest.DiffSummary);
        var diff = await studio.History.DiffAsync("peld-consent", 2, CancellationToken.None);
        Assert.Equal(DiffArea.Message, Assert.Single(diff.Changes).Area);
    }

    [Fact]
    public async Task Publishing_unchanged_content_needs_no_note_and_runs_no_scenarios()
    {
        await using var studio = await StudioWorkspace.StartAsync();

        var outcome = await studio.Publications.PublishAsync(new PublicationRequest(StudioWorkspace.DefaultJson, null), TestEngine.Admin, CancellationToken.None);

        Assert.Equal((1, false), (outcome.Result.Version, outcome.Result.Changed));
        Assert.Null(outcome.Scenarios);
    }

    [Fact]
    public async Task The_administrator_who_asks_for_an_override_may_not_approve_it()
    {
        await using var studio = await StudioWorkspace.StartAsync();
        var asked = await studio.Overrides.RequestAsync("peld-consent", StudioWorkspace.ShorterApixabanHold, "Pharmacy confirmed 48 h for our protocol", TestEngine.Admin, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<RejectedException>(() => studio.Overrides.ApproveAsync(asked.Id, TestEngine.Admin, CancellationToken.None));

        Assert.Contains("second, different administrator", refused.Message);
        await Assert.ThrowsAsync<RejectedException>(() => studio.Publications.PublishAsync(
            new PublicationRequest(StudioWorkspace.ShorterApixabanHold, "Shorter hold", asked.Id), TestEngine.Admin, CancellationToken.None));
    }

    [Fact]
    public async Task An_override_approved_by_a_second_administrator_lets_the_failing_draft_through_once_and_is_journaled()
    {
        await using var studio = await StudioWorkspace.StartAsync();
        var asked = await studio.Overrides.RequestAsync("peld-consent", StudioWorkspace.ShorterApixabanHold, "Pharmacy confirmed 48 h for our protocol", TestEngine.Admin, CancellationToken.None);
        var approved = await studio.Overrides.ApproveAsync(asked.Id, SecondAdmin, CancellationToken.None);
        Assert.Equal((PublicationOverrideStatus.Approved, SecondAdmin.Id), (approved.Status, approved.ApprovedBy));
        Assert.Equal(["Apixaban last taken 2 days before the procedure is a hard stop (3-day hold)"], approved.FailingScenarios);

        var outcome = await studio.Publications.PublishAsync(
            new PublicationRequest(StudioWorkspace.ShorterApixabanHold, "Apixaban hold 48 h (pharmacy)", asked.Id), TestEngine.Admin, CancellationToken.None);

        Assert.Equal(2, outcome.Result.Version);
        var latest = (await studio.History.ForAsync("peld-consent", CancellationToken.None))[0];
        Assert.Equal((asked.Id, 1, 1), (latest.OverrideId, latest.ScenariosPassed, latest.ScenariosFailed));
        Assert.Contains("holdHours.apixaban: 72 → 48", latest.DiffSummary);
        Assert.Empty(await studio.Overrides.OpenAsync("peld-consent", CancellationToken.None));

        await using var db = await studio.Test.Engine.Contexts.CreateDbContextAsync();
        var actions = await db.Journal.Where(e => e.Stream == "definitions").OrderBy(e => e.Position).Select(e => new { e.Action, e.Actor }).ToListAsync();
        Assert.Equal(
            [("definition.override.requested", TestEngine.Admin.Id), ("definition.override.approved", SecondAdmin.Id), ("definition.published", TestEngine.Admin.Id)],
            actions.Skip(1).Select(a => (a.Action, a.Actor)));

        // Used once: publishing the same text again changes nothing, and the override cannot open the gate for anything else.
        var other = StudioWorkspace.Edit("\"apixaban\": 72", "\"apixaban\": 24");
        await Assert.ThrowsAsync<RejectedException>(() => studio.Publications.PublishAsync(
            new PublicationRequest(other, "Even shorter", asked.Id), TestEngine.Admin, CancellationToken.None));
    }

    [Fact]
    public async Task An_override_opens_the_gate_only_for_the_exact_text_it_was_approved_for()
    {
        await using var studio = await StudioWorkspace.StartAsync();
        var asked = await studio.Overrides.RequestAsync("peld-consent", StudioWorkspace.ShorterApixabanHold, "Pharmacy confirmed 48 h", TestEngine.Admin, CancellationToken.None);
        await studio.Overrides.ApproveAsync(asked.Id, SecondAdmin, CancellationToken.None);

        var other = StudioWorkspace.Edit("\"apixaban\": 72", "\"apixaban\": 24");
        var refused = await Assert.ThrowsAsync<RejectedException>(() => studio.Publications.PublishAsync(
            new PublicationRequest(other, "Even shorter", asked.Id), TestEngine.Admin, CancellationToken.None));

        Assert.Contains("other content", refused.Message);
    }

    [Fact]
    public async Task A_draft_whose_scenarios_pass_needs_no_override()
    {
        await using var studio = await StudioWorkspace.StartAsync();

        await Assert.ThrowsAsync<RejectedException>(() => studio.Overrides.RequestAsync("peld-consent", StudioWorkspace.RenamedImagingReview, "just because", TestEngine.Admin, CancellationToken.None));
    }

    [Fact]
    public async Task Rolling_back_publishes_the_earlier_text_as_a_new_version_with_a_note()
    {
        await using var studio = await StudioWorkspace.StartAsync();
        await studio.Publications.PublishAsync(new PublicationRequest(StudioWorkspace.RenamedImagingReview, "Rename"), TestEngine.Admin, CancellationToken.None);

        var outcome = await studio.Publications.RollBackAsync("peld-consent", 1, "Staff found the new title confusing", null, SecondAdmin, CancellationToken.None);

        Assert.Equal((3, true), (outcome.Result.Version, outcome.Result.Changed));
        Assert.Equal(StudioWorkspace.DefaultJson, await studio.Test.Engine.Catalog.GetJsonAsync("peld-consent", 3, CancellationToken.None));
        var history = await studio.History.ForAsync("peld-consent", CancellationToken.None);
        Assert.Equal([3, 2, 1], history.Select(v => v.Version));
        Assert.Equal((1, "Staff found the new title confusing", SecondAdmin.Id), (history[0].RolledBackFromVersion, history[0].Note, history[0].PublishedBy));
        Assert.Contains("Imaging review and concordance → Imaging review", history[0].DiffSummary);
    }

    [Fact]
    public async Task Rolling_back_to_the_current_text_changes_nothing()
    {
        await using var studio = await StudioWorkspace.StartAsync();

        var outcome = await studio.Publications.RollBackAsync("peld-consent", 1, "no-op", null, TestEngine.Admin, CancellationToken.None);

        Assert.Equal((1, false), (outcome.Result.Version, outcome.Result.Changed));
    }
}
