using System.Globalization;
using System.Text.RegularExpressions;
using ConsentFlow.Engine.Runtime;
using MudBlazor;

namespace ConsentFlow.Web.Components.Shared;

/// <summary>
/// What a saved form did to the case, in one sentence: a submission can block the case (a hard stop) or send it to
/// another role for review (an escalation), so a plain green "Saved." would mislead the nurse.
/// </summary>
public static partial class SubmissionOutcome
{
    /// <param name="opened">Tasks the submission opened (an escalation names who reviews and by when).</param>
    /// <param name="timeZoneId">The case's time zone, for any due time in the sentence.</param>
    public static (string Text, Severity Severity) Describe(Readiness readiness, UiState ui, IReadOnlyList<TaskView>? opened = null, string timeZoneId = "UTC")
    {
        if (readiness.State == ReadinessState.Blocked)
        {
            var first = readiness.Blockers.FirstOrDefault(b => b.Severity == BlockerSeverity.Blocked) ?? readiness.Blockers.FirstOrDefault();
            var why = first is null ? "" : ": " + CaseTimes(ui.Sentence(first.Message), ui, timeZoneId);
            // One override task per role that must act ("surgeon and anesthesiologist"); a task any of its roles may take says "or".
            // Tasks opened together have no order of their own: by role code, so the sentence reads the same every time.
            var overrides = opened?.Where(t => t.Kind == "Override").OrderBy(t => string.Join(",", t.Roles), StringComparer.Ordinal)
                .Select(t => ui.Roles(t.Roles)).Distinct().ToList() ?? [];
            var who = overrides.Count == 0 ? ""
                : ui.T($" An override by {Both(overrides, ui)} is needed to go ahead.", $" Para seguir hace falta la anulación de {Both(overrides, ui)}.");
            return (ui.T($"Saved — the case is now blocked{why}", $"Guardado — el caso queda bloqueado{why}") + who, Severity.Warning);
        }
        if (opened?.FirstOrDefault(t => t.Kind == "Escalation") is { } review)
        {
            var due = review.DueAtUtc is { } at ? ui.T($", due by {ui.Time(at, timeZoneId)}", $", antes del {ui.Time(at, timeZoneId)}") : "";
            return (ui.T($"Saved — sent to {ui.Roles(review.Roles)} for review{due}.", $"Guardado — enviado a {ui.Roles(review.Roles)} para revisión{due}."),
                Severity.Info);
        }
        if (readiness.State == ReadinessState.Done)
            return (ui.T("Saved — the case is ready for the procedure.", "Guardado — el caso está listo para el procedimiento."), Severity.Success);
        var next = readiness.Blockers.FirstOrDefault();
        return next is null
            ? (ui.T("Saved.", "Guardado."), Severity.Success)
            : (ui.T($"Saved — next: {ui.Sentence(next.Message)}", $"Guardado — siguiente: {ui.Sentence(next.Message)}"), Severity.Success);
    }

    /// <summary>
    /// The engine prints moments in a rule's sentence as "2026-12-09 08:00" in the case's time zone; the nurse reads them
    /// as every other date on screen ("Wed 9 Dec 2026, 08:00 (Chicago)"), in the screen's language.
    /// </summary>
    private static string CaseTimes(string sentence, UiState ui, string timeZoneId) =>
        EngineMoment().Replace(sentence, match =>
            DateTime.TryParseExact(match.Value, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
                ? ui.Time(TimeZoneInfo.ConvertTimeToUtc(local, CaseTime.Zone(timeZoneId)), timeZoneId)
                : match.Value);

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}\b")]
    private static partial Regex EngineMoment();

    private static string Both(IReadOnlyList<string> roles, UiState ui) =>
        roles.Count == 1 ? roles[0] : string.Join(", ", roles.Take(roles.Count - 1)) + ui.T(" and ", " y ") + roles[^1];
}
