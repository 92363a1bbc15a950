using System.Security.Cryptography;
using System.Text;
using ConsentFlow.Identity.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Identity.Kiosk;

/// <summary>What opening a copy link found: the case whose copy it is, or why it no longer opens.</summary>
public enum CopyLinkState { Valid, Unknown, Used, Expired }

public sealed record CopyLinkUse(CopyLinkState State, Guid InstanceId = default, Guid LinkId = default, Guid KioskSessionId = default);

/// <summary>Issues and redeems one-time links to the patient's copy: random tokens, stored hashed, single use, short-lived.</summary>
public sealed class PatientCopyLinks(IDbContextFactory<IdentityStoreContext> contexts, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    /// <summary>A new token for the session's case; returned once, never stored in the clear.</summary>
    public async Task<(string Token, DateTime ExpiresAtUtc)> IssueAsync(Guid kioskSessionId, Guid instanceId, CancellationToken cancellationToken)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var link = new PatientCopyLink
        {
            Id = Guid.CreateVersion7(), TokenSha256 = Hash(token), InstanceId = instanceId, KioskSessionId = kioskSessionId,
            CreatedAtUtc = now, ExpiresAtUtc = now + Lifetime,
        };
        db.Set<PatientCopyLink>().Add(link);
        await db.SaveChangesAsync(cancellationToken);
        return (token, link.ExpiresAtUtc);
    }

    /// <summary>The case of a link still unused and in time. Marking it used is a conditional update, so two opens at once cannot both win.</summary>
    public async Task<CopyLinkUse> PeekAsync(string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return new(CopyLinkState.Unknown);
        var hash = Hash(token);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var link = await db.Set<PatientCopyLink>().AsNoTracking().FirstOrDefaultAsync(l => l.TokenSha256 == hash, cancellationToken);
        if (link is null) return new(CopyLinkState.Unknown);
        if (link.UsedAtUtc is not null) return new(CopyLinkState.Used, link.InstanceId, link.Id, link.KioskSessionId);
        if (link.ExpiresAtUtc <= clock.GetUtcNow().UtcDateTime) return new(CopyLinkState.Expired, link.InstanceId, link.Id, link.KioskSessionId);
        return new(CopyLinkState.Valid, link.InstanceId, link.Id, link.KioskSessionId);
    }

    /// <summary>Uses the link up; false when another request used it first or it has just expired.</summary>
    public async Task<bool> UseAsync(string token, CancellationToken cancellationToken)
    {
        var hash = Hash(token);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<PatientCopyLink>()
            .Where(l => l.TokenSha256 == hash && l.UsedAtUtc == null && l.ExpiresAtUtc > now)
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.UsedAtUtc, now), cancellationToken) == 1;
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
