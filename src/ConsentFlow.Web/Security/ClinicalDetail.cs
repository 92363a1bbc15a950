using System.Security.Claims;
using ConsentFlow.Application.Reading;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Identity.Accounts;
using ConsentFlow.Web.Components.Shared;

namespace ConsentFlow.Web.Security;

/// <summary>
/// access.md: the scheduler sees plan fields and readiness, not screening answers. A hard stop's sentence ("ASA class
/// IV", "apixaban last taken 2 days before") and an escalation's reason are screening answers, so for anyone without a
/// clinical role they become a plain "clinical hold" and the task reasons are left out. Waiting lines carry them too (the
/// open anesthesiology review's "STOP-BANG 6, ASA III", the fasting delay's day-of times, a checklist's "no" items), so
/// those are rebuilt from what is not clinical: the step's title, whom it waits for and when it is due.
/// </summary>
public static class ClinicalDetail
{
    private static readonly string[] ClinicalRoles = [StaffRoles.Nurse, StaffRoles.Surgeon, StaffRoles.Anesthesiologist];

    public const string HoldMessage = "A clinical hold stops this case; the nurse, surgeon or anesthesiologist sees why.";
    public const string HoldMessageEs = "Una parada clínica detiene este caso; la enfermera, el cirujano o el anestesiólogo ven el motivo.";

    /// <summary>A waiting line with no open task behind it (a timed wait such as fasting).</summary>
    public const string WaitingMessage = "Waiting for a step of the workflow; the nurse, surgeon or anesthesiologist sees why.";
    public const string WaitingMessageEs = "Pendiente de un paso del flujo; la enfermera, el cirujano o el anestesiólogo ven el motivo.";

    /// <summary>An open task as far as a waiting line needs it: its step, title and roles (never its reason).</summary>
    private sealed record OpenStep(string StepId, string Title, IReadOnlyList<string> Roles);

    public static bool Sees(ClaimsPrincipal user) => user.StaffRoles().Any(ClinicalRoles.Contains);

    /// <param name="timeZoneId">The case's time zone: a waiting line's due time reads in the clinic's wall clock, as the engine wrote it.</param>
    public static Readiness For(this Readiness readiness, ClaimsPrincipal user, string language, string timeZoneId, IReadOnlyList<TaskView>? openTasks = null) =>
        Sees(user) ? readiness
            : Plain(readiness, language, CaseTime.Zone(timeZoneId), (openTasks ?? []).Select(t => new OpenStep(t.StepId, t.Title, t.Roles)).ToList());

    /// <summary>Readiness alone (its own endpoint, a plan change): the case's open tasks are read for the waiting lines, only when they are rewritten.</summary>
    public static async Task<Readiness> ForAsync(this Readiness readiness, ClaimsPrincipal user, WorkflowRuntime runtime, CaseDirectory directory,
        string language, CancellationToken cancellationToken)
    {
        if (Sees(user)) return readiness;
        var open = await runtime.ListTasksAsync(new TaskQuery(InstanceId: readiness.InstanceId, Language: language), cancellationToken);
        return readiness.For(user, language, await TimeZoneIdAsync(readiness, open, directory, cancellationToken), open);
    }

    /// <summary>
    /// Readiness alone does not say where the case is. Only a rewritten line with a due time needs the zone, and a line is
    /// rewritten from an open task, so the case is read only when both are there.
    /// </summary>
    private static async Task<string> TimeZoneIdAsync(Readiness readiness, IReadOnlyList<TaskView> open, CaseDirectory directory, CancellationToken cancellationToken)
    {
        var showsADueTime = readiness.Blockers.Any(b => b.Severity == BlockerSeverity.Waiting && b.DueAtUtc is not null)
            || (readiness.Phases ?? []).Any(p => p.DueAtUtc is not null);
        if (!showsADueTime || open.Count == 0) return TimeZoneInfo.Utc.Id;
        var cases = await directory.CasesAsync([open[0].CaseId], cancellationToken);
        return cases.TryGetValue(open[0].CaseId, out var found) ? found.TimeZoneId : TimeZoneInfo.Utc.Id;
    }

    public static TaskView For(this TaskView task, ClaimsPrincipal user) => Sees(user) ? task : task with { Reason = null };

    public static IReadOnlyList<TaskView> For(this IReadOnlyList<TaskView> tasks, ClaimsPrincipal user) =>
        Sees(user) ? tasks : tasks.Select(t => t.For(user)).ToList();

    public static CaseSummary For(this CaseSummary summary, ClaimsPrincipal user, string language, IReadOnlyList<TaskView>? openTasks = null) =>
        Sees(user) ? summary : summary with { Readiness = summary.Readiness.For(user, language, summary.TimeZoneId, openTasks) };

    public static WorklistPage For(this WorklistPage page, ClaimsPrincipal user, string language) => Sees(user) ? page : page with
    {
        Items = page.Items.Select(i => new WorklistItem(
            i.Case with { Readiness = Plain(i.Case.Readiness, language, CaseTime.Zone(i.Case.TimeZoneId), i.OpenTasks.Select(t => new OpenStep(t.StepId, t.Title, t.Roles)).ToList()) },
            i.OpenTasks.Select(t => t with { Reason = null }).ToList())).ToList(),
    };

    public static CaseDetail For(this CaseDetail detail, ClaimsPrincipal user, string language) =>
        Sees(user) ? detail : detail with { Case = detail.Case.For(user, language, detail.OpenTasks), OpenTasks = detail.OpenTasks.For(user) };

    private static Readiness Plain(Readiness readiness, string language, TimeZoneInfo clinicZone, IReadOnlyList<OpenStep> open) => readiness with
    {
        Blockers = readiness.Blockers.Select(b => b with
        {
            Message = b.Severity == BlockerSeverity.Blocked ? (language == "es" ? HoldMessageEs : HoldMessage)
                : Waiting(b.StepId, b.Message, b.DueAtUtc, b.Overdue, language, clinicZone, open),
        }).ToList(),
        Phases = readiness.Phases?.Select(p => p with { Message = Waiting(p.StepId, p.Message, p.DueAtUtc, p.Overdue, language, clinicZone, open) }).ToList(),
    };

    /// <summary>"Anesthesiology review: waiting for anesthesiologist, due …" from the open task and the engine's due time, never from its sentence.</summary>
    /// <remarks>
    /// A board row written before the engine gave the due time as data has none: its scheduler line then has no due clause
    /// until the case's next change or timer rewrites the row (the clinical line keeps it all along). That gap is the
    /// trade-off for no longer reading the time back out of the clinical sentence, and needs neither a migration nor a re-projection.
    /// </remarks>
    private static string Waiting(string stepId, string message, DateTime? dueAtUtc, bool overdue, string language, TimeZoneInfo clinicZone,
        IReadOnlyList<OpenStep> open)
    {
        // A step with several open tasks (the consent's signatures) has one line each, starting with that task's title.
        var task = open.Where(t => t.StepId == stepId && message.StartsWith(t.Title + ":", StringComparison.Ordinal)).MaxBy(t => t.Title.Length)
            ?? open.FirstOrDefault(t => t.StepId == stepId);
        if (task is null) return language == "es" ? WaitingMessageEs : WaitingMessage;
        var roles = string.Join(language == "es" ? " o " : " or ", task.Roles);
        var text = language == "es" ? $"{task.Title}: pendiente de {roles}" : $"{task.Title}: waiting for {roles}";
        return dueAtUtc is { } due ? text + DueClause.Of(due, overdue, language, clinicZone) : text;
    }
}
