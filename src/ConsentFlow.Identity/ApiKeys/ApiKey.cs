namespace ConsentFlow.Identity.ApiKeys;

/// <summary>A stored API key: only the SHA-256 of the secret is kept, so the key itself is shown once, at creation.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";

    /// <summary>The key's public first part, shown in listings and used to find the row without scanning hashes.</summary>
    public string Prefix { get; set; } = "";
    public string SecretSha256 { get; set; } = "";
    public string Scopes { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime? RevokedAtUtc { get; set; }
    public DateTime? LastUsedAtUtc { get; set; }
}

/// <summary>An API key as listings show it.</summary>
public sealed record ApiKeyInfo(Guid Id, string Prefix, string Name, string UserName, IReadOnlyList<string> Scopes, DateTime CreatedAtUtc,
    DateTime? RevokedAtUtc, DateTime? LastUsedAtUtc);

/// <summary>A key just created: <see cref="Key"/> is the only time the secret exists outside the caller's hands.</summary>
public sealed record CreatedApiKey(ApiKeyInfo Info, string Key);

/// <summary>Who a presented key acts as.</summary>
public sealed record ApiKeyIdentity(Guid KeyId, string UserId, IReadOnlyList<string> Scopes);
