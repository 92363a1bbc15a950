using ConsentFlow.Identity.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Identity.Audit;

/// <summary>Writes security events (sign-ins, lockouts, keys, accounts, kiosk sessions) straight to the audit table.</summary>
public sealed class SecurityAudit(IDbContextFactory<IdentityStoreContext> contexts, TimeProvider clock)
{
    public async Task WriteAsync(SecurityEvent entry, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AuditEvents.Add(new AuditEvent
        {
            Category = AuditCategory.Security, Kind = entry.Kind.ToString(), AtUtc = clock.GetUtcNow().UtcDateTime, ActorId = entry.ActorId,
            Subject = entry.Subject, Channel = entry.Channel, ClientAddress = entry.ClientAddress,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
