using System.Data.Common;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Identity;
using ConsentFlow.Identity.Accounts;
using ConsentFlow.Identity.ApiKeys;
using ConsentFlow.Identity.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConsentFlow.Cli.Accounts;

/// <summary>The account services a command uses, wired as the web host wires them: same password policy, hashing and audit.</summary>
internal sealed record AccountServices(StaffAccounts Staff, ApiKeyService Keys, UserOptions UserNames);

/// <summary>Opens the identity store for one account command and turns what goes wrong into messages an operator can act on.</summary>
internal static class AccountStore
{
    /// <summary>Who the audit trail records for changes made here: the operating-system account that ran the command.</summary>
    public static string ActorId => $"cli:{Environment.UserName}";

    // The services name their own fields; an operator knows the options that set them.
    private static readonly Dictionary<string, string> OptionOfField = new(StringComparer.Ordinal)
    {
        ["userName"] = "--user", ["user"] = "--user", ["displayName"] = "--name", ["name"] = "--name",
        ["roles"] = "--roles", ["scopes"] = "--scopes", ["key"] = "--key",
    };

    /// <summary>"--roles: 'janitor' is not a role; ...": the option (or field) to fix, then why.</summary>
    public static string Describe(AccountException refused) => $"{OptionOfField.GetValueOrDefault(refused.Field, refused.Field)}: {refused.Message}";

    /// <summary>Checks the command line, then runs <paramref name="command"/> on the store of <c>--db</c> / <c>--sqlserver</c>.</summary>
    public static async Task<int> RunAsync(CliArguments args, DatabaseAccess access, CliConsole console,
        Func<AccountServices, Task<int>> command, CancellationToken cancellationToken)
    {
        args.NoPositional();
        using var database = CliDatabase.Open(args, access);
        return await RunAsync(database, args.Command, console, command, cancellationToken);
    }

    public static async Task<int> RunAsync(CliDatabase database, string commandName, CliConsole console,
        Func<AccountServices, Task<int>> command, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddConsentFlowIdentityStore(database.Storage);
        services.AddPooledDbContextFactory<ConsentFlowDbContext>(builder => DatabaseSetup.Configure(builder, database.Storage));
        services.AddSingleton(database.Storage);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        await using var scope = provider.CreateAsyncScope();
        try
        {
            if (!await PrepareAsync(provider, database.Access, cancellationToken))
            {
                await console.Error.WriteLineAsync($"consentflow: {commandName}: this database has no account tables yet, or older ones; " +
                    "'consentflow users add' creates or updates them");
                return ExitCodes.Failure;
            }
            var accounts = new AccountServices(scope.ServiceProvider.GetRequiredService<StaffAccounts>(), provider.GetRequiredService<ApiKeyService>(),
                provider.GetRequiredService<IOptions<IdentityOptions>>().Value.User);
            return await command(accounts);
        }
        // EF wraps what reaches the database in DbUpdateException, or RetryLimitExceededException on SQL Server.
        catch (Exception ex) when ((ex as DbException ?? ex.InnerException as DbException) is { } failure)
        {
            await console.Error.WriteLineAsync($"consentflow: {commandName}: cannot use the account store: {failure.Message}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>
    /// A first step (add a user, create a key) creates the database and brings both schemas up to date, as the app
    /// would at start; the other commands change no schema and say so when the store is missing or behind.
    /// </summary>
    private static async Task<bool> PrepareAsync(IServiceProvider provider, DatabaseAccess access, CancellationToken cancellationToken)
    {
        var identity = provider.GetRequiredService<IDbContextFactory<IdentityStoreContext>>();
        if (access == DatabaseAccess.CreateIfMissing)
        {
            // The engine's migration first: it creates the SQLite folder and switches the file to WAL, as the app does.
            var storage = provider.GetRequiredService<StorageProvider>();
            await DatabaseSetup.MigrateAsync(provider.GetRequiredService<IDbContextFactory<ConsentFlowDbContext>>(), storage, cancellationToken);
            await using (await storage.LockMigrationsAsync(cancellationToken))
                await IdentityStoreSetup.MigrateAsync(identity, cancellationToken);
            return true;
        }
        await using var db = await identity.CreateDbContextAsync(cancellationToken);
        return !(await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any();
    }
}
