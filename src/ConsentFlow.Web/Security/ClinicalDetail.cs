using System.Security.Claims;
using ConsentFlow.Application.Reading;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Identity.Accounts;

namespace ConsentFlow.Web.Security;

/// <summary>
/// access.md: the scheduler sees plan fields and readiness, not screening answers. A hard stop's sentence ("ASA class
/// IV", "apixaban last taken 2 days before") and an escalation's reason are screening answers, so for anyone without a
/// clinical role they become a plain "clinical hold" and the task reasons are left out.
/// </summary>
public static class ClinicalDetail
{
    private static readonly string[] ClinicalRoles = [StaffRoles.Nurse, StaffRoles.Surgeon, StaffRoles.Anesthesiologist];

    public const string HoldMessage = "A clinical hold stops this case; the nurse, surgeon or anesthesiologist sees why.";

    public static bool Sees(ClaimsPrincipal user) => user.StaffRoles().Any(ClinicalRoles.Contains);

    public static Readiness For(this Readiness readiness, ClaimsPrincipal user) => Sees(user) ? readiness : readiness with
    {
        Blockers = readiness.Blockers.Select(b => b.Severity == BlockerSeverity.Blocked ? b with { Message = HoldMessage } : b).ToList(),
    };

    public static TaskView For(this TaskView task, ClaimsPrincipal user) => Sees(user) ? task : task with { Reason = null };

    public static IReadOnlyList<TaskView> For(this IReadOnlyList<TaskView> tasks, ClaimsPrincipal user) =>
        Sees(user) ? tasks : tasks.Select(t => t.For(user)).ToList();

    public static CaseSummary For(this CaseSummary summary, ClaimsPrincipal user) =>
        Sees(user) ? summary : summary with { Readiness = summary.Readiness.For(user) };

    public static IReadOnlyList<CaseSummary> For(this IReadOnlyList<CaseSummary> cases, ClaimsPrincipal user) =>
        Sees(user) ? cases : cases.Select(c => c.For(user)).ToList();

    public static WorklistPage For(this WorklistPage page, ClaimsPrincipal user) => Sees(user) ? page : page with
    {
        Items = page.Items.Select(i => new WorklistItem(i.Case.For(user), i.OpenTasks.Select(t => t with { Reason = null }).ToList())).ToList(),
    };

    public static CaseDetail For(this CaseDetail detail, ClaimsPrincipal user) =>
        Sees(user) ? detail : detail with { Case = detail.Case.For(user), OpenTasks = detail.OpenTasks.For(user) };
}
