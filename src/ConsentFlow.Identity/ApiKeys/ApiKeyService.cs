using System.Security.Cryptography;
using System.Text;
using ConsentFlow.Identity.Accounts;
using ConsentFlow.Identity.Audit;
using ConsentFlow.Identity.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Identity.ApiKeys;

/// <summary>
/// Creates, lists, revokes and checks API keys. A key is <c>cfk_PREFIX_SECRET</c>: the prefix finds the row, the SHA-256
/// of the whole key is compared in constant time. The secret has 256 bits of entropy, so a fast hash is enough.
/// </summary>
public sealed class ApiKeyService(IDbContextFactory<IdentityStoreContext> contexts, SecurityAudit audit, TimeProvider clock)
{
    private const string KeyMark = "cfk";
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(5);

    public async Task<CreatedApiKey> CreateAsync(string userName, IReadOnlyList<string> scopes, string? name, string actorId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedUserName == userName.ToUpperInvariant(), cancellationToken)
            ?? throw new AccountException("user", "no such account");
        if (user.Disabled) throw new AccountException("user", "the account is disabled");
        if (name is { Length: > 100 }) throw new AccountException("name", "must be at most 100 characters");

        var prefix = Base64Url(RandomNumberGenerator.GetBytes(9));
        var key = $"{KeyMark}_{prefix}_{Base64Url(RandomNumberGenerator.GetBytes(32))}";
        var row = new ApiKey
        {
            Id = Guid.CreateVersion7(), UserId = user.Id, Name = name?.Trim() ?? "", Prefix = prefix, SecretSha256 = Sha256(key),
            Scopes = string.Join(',', scopes), CreatedAtUtc = clock.GetUtcNow().UtcDateTime, CreatedBy = actorId,
        };
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(new SecurityEvent(SecurityEventKind.ApiKeyCreated, actorId, Subject: row.Id.ToString()), cancellationToken);
        return new CreatedApiKey(Describe(row, user.UserName ?? ""), key);
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (from key in db.ApiKeys.AsNoTracking()
                          join user in db.Users.AsNoTracking() on key.UserId equals user.Id
                          orderby key.CreatedAtUtc
                          select new { key, user.UserName }).ToListAsync(cancellationToken);
        return rows.Select(r => Describe(r.key, r.UserName ?? "")).ToList();
    }

    /// <summary>Revokes by id or by the printed prefix; a revoked key stops working at its next request.</summary>
    public async Task<ApiKeyInfo> RevokeAsync(string idOrPrefix, string actorId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = Guid.TryParse(idOrPrefix, out var id)
            ? await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken)
            : await db.ApiKeys.FirstOrDefaultAsync(k => k.Prefix == idOrPrefix, cancellationToken);
        if (row is null) throw new AccountException("key", "no such key");
        row.RevokedAtUtc ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(new SecurityEvent(SecurityEventKind.ApiKeyRevoked, actorId, Subject: row.Id.ToString()), cancellationToken);
        var userName = await db.Users.Where(u => u.Id == row.UserId).Select(u => u.UserName).FirstOrDefaultAsync(cancellationToken);
        return Describe(row, userName ?? "");
    }

    /// <summary>The identity a presented key acts as, or null for an unknown, revoked or malformed key or a disabled account.</summary>
    public async Task<ApiKeyIdentity?> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        var parts = presented.Split('_');
        if (parts is not [KeyMark, var prefix, var secret] || prefix.Length is 0 or > 32 || secret.Length is 0 or > 100) return null;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.ApiKeys.FirstOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        if (row is null || row.RevokedAtUtc is not null) return null;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(row.SecretSha256), Encoding.ASCII.GetBytes(Sha256(presented)))) return null;
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == row.UserId, cancellationToken);
        if (user is null || user.Disabled) return null;

        var now = clock.GetUtcNow().UtcDateTime;
        if (row.LastUsedAtUtc is null || now - row.LastUsedAtUtc > LastUsedResolution)
        {
            row.LastUsedAtUtc = now;
            await db.SaveChangesAsync(cancellationToken);
        }
        return new ApiKeyIdentity(row.Id, row.UserId, row.Scopes.Split(',', StringSplitOptions.RemoveEmptyEntries));
    }

    private static ApiKeyInfo Describe(ApiKey key, string userName) => new(
        key.Id, key.Prefix, key.Name, userName, key.Scopes.Split(',', StringSplitOptions.RemoveEmptyEntries), key.CreatedAtUtc, key.RevokedAtUtc, key.LastUsedAtUtc);

    private static string Sha256(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '-');
}
