using ConsentFlow.Engine.Runtime;
using ConsentFlow.Web.Components;
using ConsentFlow.Web.Components.Shared;
using MudBlazor;

namespace ConsentFlow.Web.Tests.Localization;

/// <summary>After a submission the nurse reads what happened to the case; a case the answers blocked is never a green "Saved.".</summary>
public sealed class SubmissionOutcomeTests
{
    [Fact]
    public void A_submission_that_blocked_the_case_says_so_with_the_first_blocker()
    {
        var readiness = new Readiness(Guid.NewGuid(), ReadinessState.Blocked, "Running",
        [
            new Blocker(BlockerSeverity.Waiting, "teach-back", "Teach-back: waiting for nurse"),
            new Blocker(BlockerSeverity.Blocked, "sedation-checks", "Apixaban hold not met until 9 Dec 08:00."),
        ]);
        var (text, severity) = SubmissionOutcome.Describe(readiness, UiState.Default);
        Assert.Equal("Saved — the case is now blocked: Apixaban hold not met until 9 Dec 08:00.", text);
        Assert.Equal(Severity.Warning, severity);
    }

    [Fact]
    public void Otherwise_it_names_the_next_step_or_readiness_in_the_screen_language()
    {
        var waiting = new Readiness(Guid.NewGuid(), ReadinessState.Waiting, "Running",
            [new Blocker(BlockerSeverity.Waiting, "consent-signature", "Firmar el consentimiento (patient): pendiente de patient")]);
        Assert.Equal("Guardado — siguiente: Firmar el consentimiento (paciente): pendiente de paciente",
            SubmissionOutcome.Describe(waiting, UiState.For("es")).Text);
        var ready = new Readiness(Guid.NewGuid(), ReadinessState.Done, "Ready", []);
        Assert.Equal((Severity.Success), SubmissionOutcome.Describe(ready, UiState.Default).Severity);
    }

    [Fact]
    public void A_submission_that_opened_an_anesthesia_review_says_who_reviews_and_by_when_in_the_case_s_time_zone()
    {
        var waiting = new Readiness(Guid.NewGuid(), ReadinessState.Waiting, "Running",
            [new Blocker(BlockerSeverity.Waiting, "anesthesia-escalation", "Anesthesiology review: waiting for anesthesiologist")]);
        var due = new DateTime(2026, 12, 7, 14, 0, 0, DateTimeKind.Utc);
        IReadOnlyList<TaskView> opened = [Task("Escalation", ["anesthesiologist"], due)];

        var (english, severity) = SubmissionOutcome.Describe(waiting, UiState.Default, opened, "America/Chicago");
        Assert.Equal($"Saved — sent to anesthesiologist for review, due by {UiState.Default.Time(due, "America/Chicago")}.", english);
        Assert.Contains("08:00", english); // 14:00 UTC is 08:00 at a Chicago clinic in December
        Assert.Equal(Severity.Info, severity);
        Assert.Equal($"Guardado — enviado a anestesiólogo/a para revisión, antes del {UiState.For("es").Time(due, "America/Chicago")}.",
            SubmissionOutcome.Describe(waiting, UiState.For("es"), opened, "America/Chicago").Text);
    }

    [Fact]
    public void A_blocked_case_names_every_role_that_must_override_in_either_language()
    {
        var blocked = new Readiness(Guid.NewGuid(), ReadinessState.Blocked, "Running",
            [new Blocker(BlockerSeverity.Blocked, "sedation-hard-stops", "No responsible adult arranged to take the patient home.")]);
        IReadOnlyList<TaskView> opened = [Task("Override", ["surgeon"]), Task("Override", ["anesthesiologist"])];

        Assert.Equal("Saved — the case is now blocked: No responsible adult arranged to take the patient home. An override by anesthesiologist and surgeon is needed to go ahead.",
            SubmissionOutcome.Describe(blocked, UiState.Default, opened).Text);
        var (spanish, severity) = SubmissionOutcome.Describe(blocked, UiState.For("es"), opened);
        Assert.EndsWith("Para seguir hace falta la anulación de anestesiólogo/a y cirujano/a.", spanish);
        Assert.Equal(Severity.Warning, severity);
    }

    private static TaskView Task(string kind, IReadOnlyList<string> roles, DateTime? due = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "step", kind, roles, null, null, "Title", null, DateTime.UtcNow, due, 1);

    [Fact]
    public void A_hold_s_end_in_the_blocker_reads_as_every_other_case_time()
    {
        var blocked = new Readiness(Guid.NewGuid(), ReadinessState.Blocked, "Running",
            [new Blocker(BlockerSeverity.Blocked, "sedation-hard-stops", "apixaban last taken 2 days before the procedure; the hold is 3 days. The hold is met from 2026-12-09 08:00.")]);
        var at = new DateTime(2026, 12, 9, 14, 0, 0, DateTimeKind.Utc); // 08:00 in Chicago
        Assert.Equal($"Saved — the case is now blocked: apixaban last taken 2 days before the procedure; the hold is 3 days. The hold is met from {UiState.Default.Time(at, "America/Chicago")}.",
            SubmissionOutcome.Describe(blocked, UiState.Default, [], "America/Chicago").Text);
    }
}
