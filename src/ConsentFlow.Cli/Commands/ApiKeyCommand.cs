using ConsentFlow.Cli.Accounts;
using ConsentFlow.Identity.ApiKeys;

namespace ConsentFlow.Cli.Commands;

/// <summary><c>apikey create | list | revoke</c>: keys for scripts and the EHR interface; a key acts as its user, narrowed by its scopes.</summary>
internal static class ApiKeyCommand
{
    public static Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken) => args switch
    {
        ["create", .. var rest] => CreateAsync(CliDatabase.ParseArguments("apikey create", rest, ["--user", "--scopes", "--name"]), console, cancellationToken),
        ["list", .. var rest] => ListAsync(CliDatabase.ParseArguments("apikey list", rest, []), console, cancellationToken),
        ["revoke", .. var rest] => RevokeAsync(CliDatabase.ParseArguments("apikey revoke", rest, ["--key"]), console, cancellationToken),
        _ => throw new UsageException("apikey: the subcommands are create, list and revoke"),
    };

    private static Task<int> CreateAsync(CliArguments args, CliConsole console, CancellationToken cancellationToken)
    {
        var userName = args.RequiredValue("--user", "NAME");
        // Checked before the database is created or touched.
        var scopes = ApiKeyScopes.Parse(args.RequiredValue("--scopes", "SCOPE[,SCOPE...]"));
        return AccountStore.RunAsync(args, DatabaseAccess.CreateIfMissing, console, async accounts =>
        {
            var created = await accounts.Keys.CreateAsync(userName, scopes, args.Value("--name"), AccountStore.ActorId, cancellationToken);
            // The key alone on standard output, so KEY=$(consentflow apikey create ...) captures exactly it.
            await console.Out.WriteLineAsync(created.Key);
            await console.Error.WriteLineAsync($"Created key {created.Info.Prefix} for {created.Info.UserName}, scopes {string.Join(",", created.Info.Scopes)}. " +
                "Store it now: only its hash is kept, so it cannot be shown again.");
            return ExitCodes.Ok;
        }, cancellationToken);
    }

    private static Task<int> ListAsync(CliArguments args, CliConsole console, CancellationToken cancellationToken) =>
        AccountStore.RunAsync(args, DatabaseAccess.Existing, console, async accounts =>
        {
            var keys = await accounts.Keys.ListAsync(cancellationToken);
            await TextTable.WriteAsync(console.Out, ["PREFIX", "NAME", "USER", "SCOPES", "CREATED", "REVOKED", "LAST USED"],
                keys.Select(k => (IReadOnlyList<string>)[k.Prefix, k.Name, k.UserName, string.Join(",", k.Scopes),
                    TextTable.Time(k.CreatedAtUtc), TextTable.Time(k.RevokedAtUtc), TextTable.Time(k.LastUsedAtUtc)]));
            return ExitCodes.Ok;
        }, cancellationToken);

    private static Task<int> RevokeAsync(CliArguments args, CliConsole console, CancellationToken cancellationToken)
    {
        var key = args.RequiredValue("--key", "PREFIX-OR-ID");
        return AccountStore.RunAsync(args, DatabaseAccess.Existing, console, async accounts =>
        {
            var revoked = await accounts.Keys.RevokeAsync(key, AccountStore.ActorId, cancellationToken);
            await console.Out.WriteLineAsync($"OK: key {revoked.Prefix} of {revoked.UserName} revoked at {TextTable.Time(revoked.RevokedAtUtc)}.");
            return ExitCodes.Ok;
        }, cancellationToken);
    }
}
