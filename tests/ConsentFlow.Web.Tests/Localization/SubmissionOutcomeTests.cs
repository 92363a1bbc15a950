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
}
