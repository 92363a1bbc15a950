using System.Security.Claims;
using System.Text.RegularExpressions;
using ConsentFlow.Application.Reading;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Identity.Accounts;

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

    /// <summary>The engine's due clause ("…, due 2026-05-01 08:00"): a time only, kept so the scheduler sees what is late.</summary>
    private static readonly Regex DueClause = new(@", (?:due|overdue since|vence|vencida desde) \d{4}-\d{2}-\d{2} \d{2}:\d{2}$", RegexOptions.CultureInvariant);

    /// <summary>An open task as far as a waiting line needs it: its step, title and roles (never its reason).</summary>
    private sealed record OpenStep(string StepId, string Title, IReadOnlyList<string> Roles);

    public static bool Sees(ClaimsPrincipal user) => user.StaffRoles().Any(ClinicalRoles.Contains);

    public static Readiness For(this Readiness readiness, ClaimsPrincipal user, string language, IReadOnlyList<TaskView>? openTasks = null) =>
        Sees(user) ? readiness : Plain(readiness, language, (openTasks ?? []).Select(t => new OpenStep(t.StepId, t.Title, t.Roles)).ToList());

    /// <summary>Readiness alone (its own endpoint, a plan change): the case's open tasks are read for the waiting lines, only when they are rewritten.</summary>
    public static async Task<Readiness> ForAsync(this Readiness readiness, ClaimsPrincipal user, WorkflowRuntime runtime, string language,
        CancellationToken cancellationToken) =>
        Sees(user) ? readiness
            : readiness.For(user, language, await runtime.ListTasksAsync(new TaskQuery(InstanceId: readiness.InstanceId, Language: language), cancellationToken));

    public static TaskView For(this TaskView task, ClaimsPrincipal user) => Sees(user) ? task : task with { Reason = null };

    public static IReadOnlyList<TaskView> For(this IReadOnlyList<TaskView> tasks, ClaimsPrincipal user) =>
        Sees(user) ? tasks : tasks.Select(t => t.For(user)).ToList();

    public static CaseSummary For(this CaseSummary summary, ClaimsPrincipal user, string language, IReadOnlyList<TaskView>? openTasks = null) =>
        Sees(user) ? summary : summary with { Readiness = summary.Readiness.For(user, language, openTasks) };

    public static WorklistPage For(this WorklistPage page, ClaimsPrincipal user, string language) => Sees(user) ? page : page with
    {
        Items = page.Items.Select(i => new WorklistItem(
            i.Case with { Readiness = Plain(i.Case.Readiness, language, i.OpenTasks.Select(t => new OpenStep(t.StepId, t.Title, t.Roles)).ToList()) },
            i.OpenTasks.Select(t => t with { Reason = null }).ToList())).ToList(),
    };

    public static CaseDetail For(this CaseDetail detail, ClaimsPrincipal user, string language) =>
        Sees(user) ? detail : detail with { Case = detail.Case.For(user, language, detail.OpenTasks), OpenTasks = detail.OpenTasks.For(user) };

    private static Readiness Plain(Readiness readiness, string language, IReadOnlyList<OpenStep> open) => readiness with
    {
        Blockers = readiness.Blockers.Select(b => b with
        {
            Message = b.Severity == BlockerSeverity.Blocked ? (language == "es" ? HoldMessageEs : HoldMessage) : Waiting(b.StepId, b.Message, language, open),
        }).ToList(),
        Phases = readiness.Phases?.Select(p => p with { Message = Waiting(p.StepId, p.Message, language, open) }).ToList(),
    };

    /// <summary>"Anesthesiology review: waiting for anesthesiologist, due …" from the open task, never from the engine's sentence but its due time.</summary>
    private static string Waiting(string stepId, string message, string language, IReadOnlyList<OpenStep> open)
    {
        // A step with several open tasks (the consent's signatures) has one line each, starting with that task's title.
        var task = open.Where(t => t.StepId == stepId && message.StartsWith(t.Title + ":", StringComparison.Ordinal)).MaxBy(t => t.Title.Length)
            ?? open.FirstOrDefault(t => t.StepId == stepId);
        if (task is null) return language == "es" ? WaitingMessageEs : WaitingMessage;
        var roles = string.Join(language == "es" ? " o " : " or ", task.Roles);
        var text = language == "es" ? $"{task.Title}: pendiente de {roles}" : $"{task.Title}: waiting for {roles}";
        return DueClause.Match(message) is { Success: true } due ? text + due.Value : text;
    }
}
