using ConsentFlow.Cli.Accounts;
using ConsentFlow.Cli.Commands;
using ConsentFlow.Identity.Accounts;
using ConsentFlow.Identity.ApiKeys;

namespace ConsentFlow.Cli;

/// <summary>The <c>consentflow</c> command: picks the subcommand and turns refusals into exit codes. Tests call it in-process.</summary>
internal static class CliApp
{
    public static readonly string Usage = $"""
        consentflow: consent and pre-procedure workflows

        Usage:
          consentflow validate PATH                     check workflow definitions (a file or a folder) and, for a
                                                        folder, the consent templates in PATH/consent-templates
          consentflow test PATH [--verbose]             run workflow scenarios (*.scenario.json, a file or a folder)
                                                        each on a throwaway database; pass/fail per scenario
          consentflow demo --out DIR [--workflows DIR] [--tsa URL] [--public-url URL]
                                                        run one synthetic patient through the default workflow on a
                                                        new SQLite database in DIR and print each step
          consentflow verify FILE.pdf [--db FILE] [--certificate PFX [--password P]] [--trust PEM|FOLDER]
                                                        check a consent PDF's seal and, with a database, that its
                                                        exact bytes are a stored document; report the PAdES level,
                                                        DocMDP certification, timestamp and, with --trust, whether
                                                        the seal certificate chains to a trusted certificate
          consentflow journal verify --db FILE          check the audit journal's hash chain
          consentflow seed --db FILE --cases N [--days-back D] [--days-ahead A] [--workflows DIR]
                                                        synthetic patients and cases at realistic stages over the
                                                        date range (default 180 days back, 60 ahead), written through
                                                        the engine in batches; creates the database if it is new

          consentflow users add --db FILE --user NAME --name "DISPLAY NAME" [--title TITLE] --roles ROLE[,ROLE...]
                                [--password-stdin]
                                                        create a staff account, and the database if it is new (the
                                                        first administrator); the password is asked without echo,
                                                        or read from standard input with --password-stdin
          consentflow users list --db FILE              every account: roles, disabled, whether it has a password
          consentflow users disable --db FILE --user NAME
                                                        stop the account's sign-ins and API keys; its history stays
          consentflow users enable --db FILE --user NAME
                                                        let a disabled account sign in again
          consentflow users reset-password --db FILE --user NAME [--password-stdin]
                                                        set a new password (asked without echo); lifts a lockout and
                                                        ends the account's other sessions
          consentflow apikey create --db FILE --user NAME --scopes SCOPE[,SCOPE...] [--name LABEL]
                                                        print a new key for NAME on standard output, once: only its
                                                        hash is stored
          consentflow apikey list --db FILE             every key: prefix, name, user, scopes, created, revoked, last use
          consentflow apikey revoke --db FILE --key PREFIX-OR-ID
                                                        the key stops working at its next request

        journal, seed, users and apikey take --sqlserver CONNECTION-STRING (SQL Server) or --postgres CONNECTION-STRING
        (PostgreSQL) instead of --db FILE (SQLite).
        Roles: {string.Join(", ", StaffRoles.All)}. Scopes: {string.Join(", ", ApiKeyScopes.All)}.
        Exit codes: 0 ok, 1 failure (invalid, failed, broken or refused), 2 usage error.
        """;

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        RunAsync(args, new CliConsole(output, error), cancellationToken);

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        if (args.Length == 0)
        {
            await console.Error.WriteLineAsync(Usage);
            return ExitCodes.Usage;
        }
        if (args[0] is "help" or "--help" or "-h")
        {
            await console.Out.WriteLineAsync(Usage);
            return ExitCodes.Ok;
        }
        try
        {
            return args switch
            {
                ["validate", .. var rest] => await ValidateCommand.RunAsync(CliArguments.Parse("validate", rest, [], []), console, cancellationToken),
                ["test", .. var rest] => await ScenarioTestCommand.RunAsync(CliArguments.Parse("test", rest, [], ["--verbose"]), console, cancellationToken),
                ["demo", .. var rest] => await DemoCommand.RunAsync(CliArguments.Parse("demo", rest, ["--out", "--workflows", "--tsa", "--public-url"], []), console, cancellationToken),
                ["verify", .. var rest] => await VerifyCommand.RunAsync(
                    CliArguments.Parse("verify", rest, ["--db", "--certificate", "--password", "--trust"], []), console, cancellationToken),
                ["journal", "verify", .. var rest] => await JournalVerifyCommand.RunAsync(
                    CliDatabase.ParseArguments("journal verify", rest, []), console, cancellationToken),
                ["journal", ..] => throw new UsageException("journal: the only subcommand is 'journal verify --db FILE'"),
                ["seed", .. var rest] => await SeedCommand.RunAsync(
                    CliDatabase.ParseArguments("seed", rest, ["--cases", "--days-back", "--days-ahead", "--workflows"]), console, cancellationToken),
                ["users", .. var rest] => await UsersCommand.RunAsync(rest, console, cancellationToken),
                ["apikey", .. var rest] => await ApiKeyCommand.RunAsync(rest, console, cancellationToken),
                _ => throw new UsageException($"unknown command '{args[0]}'"),
            };
        }
        catch (UsageException usage)
        {
            await console.Error.WriteLineAsync($"consentflow: {usage.Message}");
            await console.Error.WriteLineAsync("Run 'consentflow --help' for usage.");
            return ExitCodes.Usage;
        }
        catch (AccountException refused)
        {
            await console.Error.WriteLineAsync($"consentflow: {AccountStore.Describe(refused)}");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync("consentflow: cancelled");
            return ExitCodes.Failure;
        }
    }
}
