using ConsentFlow.Cli.Accounts;
using ConsentFlow.Identity.Accounts;
using Microsoft.AspNetCore.Identity;

namespace ConsentFlow.Cli.Commands;

/// <summary><c>users add | list | disable | enable | reset-password</c>: staff accounts, managed offline, e.g. the first administrator of a new installation.</summary>
internal static class UsersCommand
{
    public static Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken) => args switch
    {
        ["add", .. var rest] => AddAsync(rest, console, cancellationToken),
        ["list", .. var rest] => ListAsync(CliDatabase.ParseArguments("users list", rest, []), console, cancellationToken),
        ["disable", .. var rest] => DisableAsync(CliDatabase.ParseArguments("users disable", rest, ["--user"]), console, cancellationToken),
        ["enable", .. var rest] => EnableAsync(CliDatabase.ParseArguments("users enable", rest, ["--user"]), console, cancellationToken),
        ["reset-password", .. var rest] => ResetPasswordAsync(rest, console, cancellationToken),
        _ => throw new UsageException("users: the subcommands are add, list, disable, enable and reset-password"),
    };

    private static async Task<int> AddAsync(string[] rest, CliConsole console, CancellationToken cancellationToken)
    {
        PasswordInput.RefuseAsArgument("users add", rest);
        var args = CliDatabase.ParseArguments("users add", rest, ["--user", "--name", "--title", "--roles"], ["--password-stdin"]);
        args.NoPositional();
        var userName = args.RequiredValue("--user", "NAME");
        var displayName = args.RequiredValue("--name", "\"DISPLAY NAME\"");
        var roles = args.RequiredValue("--roles", "ROLE[,ROLE...]")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(r => r.ToLowerInvariant()).ToList();
        using var database = CliDatabase.Open(args, DatabaseAccess.CreateIfMissing);
        // Asked before the database is touched, so an abandoned prompt leaves nothing behind.
        var password = await PasswordInput.ReadAsync(args, console, userName, cancellationToken);

        return await AccountStore.RunAsync(database, args.Command, console, async accounts =>
        {
            CheckUserName(userName, accounts.UserNames);
            var created = await accounts.Staff.AddAsync(
                new NewStaffAccount(userName, displayName, args.Value("--title") ?? "", roles, password), AccountStore.ActorId, cancellationToken);
            await console.Out.WriteLineAsync($"OK: created {created.UserName} ({created.PrintedName}), roles {string.Join(", ", created.Roles)}, id {created.Id}");
            return ExitCodes.Ok;
        }, cancellationToken);
    }

    /// <summary>
    /// StaffAccounts reports a refused user name as a password problem (every error of UserManager.CreateAsync lands on one
    /// field), so the CLI checks the characters itself, against the same options, and names --user.
    /// </summary>
    private static void CheckUserName(string userName, UserOptions policy)
    {
        if (policy.AllowedUserNameCharacters is not { Length: > 0 } allowed || userName.All(allowed.Contains)) return;
        var symbols = string.Join(" ", allowed.Where(c => !char.IsLetterOrDigit(c)));
        throw new AccountException("userName", $"'{userName}' may contain only letters, digits and {symbols} (no spaces)");
    }

    private static Task<int> ListAsync(CliArguments args, CliConsole console, CancellationToken cancellationToken) =>
        AccountStore.RunAsync(args, DatabaseAccess.Existing, console, async accounts =>
        {
            var all = await accounts.Staff.ListAsync(cancellationToken);
            await TextTable.WriteAsync(console.Out, ["USER", "NAME", "TITLE", "ROLES", "DISABLED", "PASSWORD"],
                all.Select(a => (IReadOnlyList<string>)[a.UserName, a.DisplayName, a.ProfessionalTitle, string.Join(",", a.Roles),
                    TextTable.YesNo(a.Disabled), TextTable.YesNo(a.HasPassword)]));
            if (all.Count == 0)
                await console.Error.WriteLineAsync("No accounts yet: create the first with 'consentflow users add ... --roles administrator'.");
            return ExitCodes.Ok;
        }, cancellationToken);

    private static Task<int> EnableAsync(CliArguments args, CliConsole console, CancellationToken cancellationToken) =>
        OnUserAsync(args, console, (staff, userName) => staff.EnableAsync(userName, AccountStore.ActorId, cancellationToken),
            userName => $"OK: {userName} may sign in again.", cancellationToken);

    /// <summary>For a person who forgot their password (or the last administrator's): the new one is read like in <c>users add</c>.</summary>
    private static async Task<int> ResetPasswordAsync(string[] rest, CliConsole console, CancellationToken cancellationToken)
    {
        PasswordInput.RefuseAsArgument("users reset-password", rest);
        var args = CliDatabase.ParseArguments("users reset-password", rest, ["--user"], ["--password-stdin"]);
        args.NoPositional();
        var userName = args.RequiredValue("--user", "NAME");
        using var database = CliDatabase.Open(args, DatabaseAccess.Existing);
        var password = await PasswordInput.ReadAsync(args, console, userName, cancellationToken);
        return await AccountStore.RunAsync(database, args.Command, console, async accounts =>
        {
            await accounts.Staff.ResetPasswordAsync(userName, password ?? "", AccountStore.ActorId, cancellationToken);
            await console.Out.WriteLineAsync($"OK: new password set for {userName}; their other sessions end.");
            return ExitCodes.Ok;
        }, cancellationToken);
    }

    private static Task<int> DisableAsync(CliArguments args, CliConsole console, CancellationToken cancellationToken) =>
        OnUserAsync(args, console, (staff, userName) => staff.DisableAsync(userName, AccountStore.ActorId, cancellationToken),
            userName => $"OK: {userName} disabled: no more sign-ins or API keys; the history keeps the name.", cancellationToken);

    /// <summary>One change to the account named by <c>--user</c>, then one line saying what it did.</summary>
    private static Task<int> OnUserAsync(CliArguments args, CliConsole console, Func<StaffAccounts, string, Task> change, Func<string, string> done,
        CancellationToken cancellationToken)
    {
        var userName = args.RequiredValue("--user", "NAME");
        return AccountStore.RunAsync(args, DatabaseAccess.Existing, console, async accounts =>
        {
            await change(accounts.Staff, userName);
            await console.Out.WriteLineAsync(done(userName));
            return ExitCodes.Ok;
        }, cancellationToken);
    }
}
