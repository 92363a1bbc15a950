namespace ConsentFlow.Identity.ApiKeys;

/// <summary>What an API key may be used for. Scopes only narrow what the key's user may do; they never add rights.</summary>
public static class ApiKeyScopes
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Documents = "documents";

    public static readonly IReadOnlyList<string> All = [Read, Write, Documents];

    public static IReadOnlyList<string> Parse(string commaSeparated)
    {
        var scopes = commaSeparated.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToLowerInvariant()).Distinct().ToList();
        if (scopes.Count == 0) throw new Accounts.AccountException("scopes", $"name at least one of: {string.Join(", ", All)}");
        if (scopes.FirstOrDefault(s => !All.Contains(s)) is { } unknown)
            throw new Accounts.AccountException("scopes", $"'{unknown}' is not a scope; use {string.Join(", ", All)}");
        return scopes;
    }
}
