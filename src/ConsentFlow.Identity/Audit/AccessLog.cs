using ConsentFlow.Identity.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Identity.Audit;

/// <summary>An audit row as the privacy officer reads it: ids only, never patient data.</summary>
public sealed record AuditLine(long Id, string Category, string Kind, DateTime AtUtc, string ActorId, string? Channel, Guid? InstanceId, string? Subject);

/// <summary>Reads the audit of access and security events, newest first, filtered by case, person and time.</summary>
public sealed class AccessLog(IDbContextFactory<IdentityStoreContext> contexts)
{
    public const int MaxRows = 500;

    public async Task<IReadOnlyList<AuditLine>> ReadAsync(Guid? instanceId, string? actorId, DateTime? fromUtc, DateTime? toUtc, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var events = db.AuditEvents.AsNoTracking();
        if (instanceId is { } instance) events = events.Where(e => e.InstanceId == instance);
        if (!string.IsNullOrEmpty(actorId)) events = events.Where(e => e.ActorId == actorId);
        if (fromUtc is { } from) events = events.Where(e => e.AtUtc >= from);
        if (toUtc is { } to) events = events.Where(e => e.AtUtc < to);
        var rows = await events.OrderByDescending(e => e.Id).Take(MaxRows).ToListAsync(cancellationToken);
        return rows.Select(e => new AuditLine(e.Id, e.Category.ToString(), e.Kind, e.AtUtc, e.ActorId, e.Channel, e.InstanceId, e.Subject)).ToList();
    }
}
