using ConsentFlow.Engine.Runtime;
using MudBlazor;

namespace ConsentFlow.Web.Components.Shared;

/// <summary>
/// What a saved form did to the case, in one sentence: a submission can block the case (a hard stop, an escalation),
/// so a plain green "Saved." would mislead the nurse.
/// </summary>
public static class SubmissionOutcome
{
    public static (string Text, Severity Severity) Describe(Readiness readiness, UiState ui)
    {
        if (readiness.State == ReadinessState.Blocked)
        {
            var first = readiness.Blockers.FirstOrDefault(b => b.Severity == BlockerSeverity.Blocked) ?? readiness.Blockers.FirstOrDefault();
            var why = first is null ? "" : ": " + ui.Sentence(first.Message);
            return (ui.T($"Saved — the case is now blocked{why}", $"Guardado — el caso queda bloqueado{why}"), Severity.Warning);
        }
        if (readiness.State == ReadinessState.Done)
            return (ui.T("Saved — the case is ready for the procedure.", "Guardado — el caso está listo para el procedimiento."), Severity.Success);
        var next = readiness.Blockers.FirstOrDefault();
        return next is null
            ? (ui.T("Saved.", "Guardado."), Severity.Success)
            : (ui.T($"Saved — next: {ui.Sentence(next.Message)}", $"Guardado — siguiente: {ui.Sentence(next.Message)}"), Severity.Success);
    }
}
