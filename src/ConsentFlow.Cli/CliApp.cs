using ConsentFlow.Cli.Commands;

namespace ConsentFlow.Cli;

/// <summary>The <c>consentflow</c> command: picks the subcommand and turns refusals into exit codes. Tests call it in-process.</summary>
internal static class CliApp
{
    public const string Usage = """
        consentflow: consent and pre-procedure workflows

        Usage:
          consentflow validate PATH                     check workflow definitions (a file or a folder) and, for a
                                                        folder, the consent templates in PATH/consent-templates
          consentflow test PATH [--verbose]             run workflow scenarios (*.scenario.json, a file or a folder)
                                                        each on a throwaway database; pass/fail per scenario
          consentflow demo --out DIR [--workflows DIR]  run one synthetic patient through the default workflow on a
                                                        new SQLite database in DIR and print each step
          consentflow verify FILE.pdf [--db FILE] [--certificate PFX [--password P]]
                                                        check a consent PDF's seal and, with a database, that its
                                                        exact bytes are a stored document
          consentflow journal verify --db FILE          check the audit journal's hash chain (SQLite file)
          consentflow journal verify --sqlserver CONNECTION-STRING

        Exit codes: 0 ok, 1 failure (invalid, failed or broken), 2 usage error.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        if (args.Length == 0)
        {
            await error.WriteLineAsync(Usage);
            return ExitCodes.Usage;
        }
        if (args[0] is "help" or "--help" or "-h")
        {
            await output.WriteLineAsync(Usage);
            return ExitCodes.Ok;
        }
        try
        {
            var console = new CliConsole(output, error);
            return args switch
            {
                ["validate", .. var rest] => await ValidateCommand.RunAsync(CliArguments.Parse("validate", rest, [], []), console, cancellationToken),
                ["test", .. var rest] => await ScenarioTestCommand.RunAsync(CliArguments.Parse("test", rest, [], ["--verbose"]), console, cancellationToken),
                ["demo", .. var rest] => await DemoCommand.RunAsync(CliArguments.Parse("demo", rest, ["--out", "--workflows"], []), console, cancellationToken),
                ["verify", .. var rest] => await VerifyCommand.RunAsync(
                    CliArguments.Parse("verify", rest, ["--db", "--certificate", "--password"], []), console, cancellationToken),
                ["journal", "verify", .. var rest] => await JournalVerifyCommand.RunAsync(
                    CliArguments.Parse("journal verify", rest, ["--db", "--sqlserver"], []), console, cancellationToken),
                ["journal", ..] => throw new UsageException("journal: the only subcommand is 'journal verify --db FILE'"),
                _ => throw new UsageException($"unknown command '{args[0]}'"),
            };
        }
        catch (UsageException usage)
        {
            await error.WriteLineAsync($"consentflow: {usage.Message}");
            await error.WriteLineAsync("Run 'consentflow --help' for usage.");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("consentflow: cancelled");
            return ExitCodes.Failure;
        }
    }
}

/// <summary>Where commands write: results to <see cref="Out"/> (pipeable), progress and diagnostics to <see cref="Error"/>.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error);
