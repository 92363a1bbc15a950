using ConsentFlow.Application.Reading;
using ConsentFlow.Identity.Accounts;
using ConsentFlow.Identity.Audit;
using ConsentFlow.Web.Security;

namespace ConsentFlow.Web.Api;

/// <summary>A person named for an id in an audit: the account's printed name, the tablet, or the system.</summary>
public sealed record AuditedPerson(string Id, string Name);

public sealed record CaseAuditLine(long Sequence, DateTime AtUtc, string Action, string? StepId, AuditedPerson Actor, string Role, string Details);

public sealed record AccessAuditLine(long Id, string Category, string Kind, DateTime AtUtc, AuditedPerson Actor, string? Channel, Guid? InstanceId, string? Subject);

/// <summary>
/// The two audits of access.md: a case's trail of changes for the clinicians on it, and who viewed what for the
/// privacy officer. Account ids are resolved to names here; the stores keep ids only.
/// </summary>
public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/cases/{instanceId:guid}/audit-trail", async (Guid instanceId, CaseJournal journal, StaffAccounts accounts, CancellationToken ct) =>
        {
            var lines = await journal.ReadAsync(instanceId, ct);
            var names = await NamesAsync(accounts, ct);
            return lines.Select(l => new CaseAuditLine(l.Sequence, l.AtUtc, l.Action, l.StepId, Person(l.ActorId, names), l.Role, l.Details)).ToList();
        }).RequireAuthorization(Policies.ReadCaseAudit).AuditsAccess(AccessKind.AuditTrailRead).WithTags("Audit")
          .WithSummary("The case's journal: every change with the authenticated person who made it");

        routes.MapGet("/api/v1/audit/access", async (Guid? instanceId, string? actorId, DateTime? from, DateTime? to, AccessLog log, StaffAccounts accounts,
            HttpContext http, CancellationToken ct) =>
        {
            var lines = await log.ReadAsync(instanceId, actorId, from?.ToUniversalTime(), to?.ToUniversalTime(), ct);
            var names = await NamesAsync(accounts, ct);
            await AccessAuditing.RecordAsync(http, AccessKind.AccessAuditRead, instanceId);
            return lines.Select(l => new AccessAuditLine(l.Id, l.Category, l.Kind, l.AtUtc, Person(l.ActorId, names), l.Channel, l.InstanceId, l.Subject)).ToList();
        }).RequireAuthorization(Policies.ReadAccessAudit).WithTags("Audit")
          .WithSummary($"Who viewed or changed what (newest {AccessLog.MaxRows}), filtered by case, person and time; ids only");
    }

    private static async Task<IReadOnlyDictionary<string, string>> NamesAsync(StaffAccounts accounts, CancellationToken ct) =>
        (await accounts.ListAsync(ct)).ToDictionary(a => a.Id, a => a.PrintedName);

    private static AuditedPerson Person(string id, IReadOnlyDictionary<string, string> names) => new(id,
        names.TryGetValue(id, out var name) ? name
        : id.StartsWith("kiosk:", StringComparison.Ordinal) ? "Patient tablet session"
        : id == Engine.Runtime.Actor.System.Id ? "System"
        : id);
}
