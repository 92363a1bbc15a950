using ConsentFlow.Engine.Journal;
using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Cli.Commands;

/// <summary><c>journal verify --db FILE</c>: recomputes every hash chain; exit 1 names the first broken entry.</summary>
internal static class JournalVerifyCommand
{
    public static async Task<int> RunAsync(CliArguments args, CliConsole console, CancellationToken cancellationToken)
    {
        args.NoPositional();
        using var database = CliDatabase.Open(args, DatabaseAccess.Existing);
        try
        {
            await using var db = DatabaseSetup.CreateContext(database.Storage);
            var result = await JournalVerifier.VerifyAsync(db, cancellationToken);
            if (result.FirstBreak is { } broken)
            {
                await console.Out.WriteLineAsync(
                    $"BROKEN: entry #{broken.Sequence} (stream {broken.Stream}, position {broken.Position}): {broken.Reason}");
                await console.Error.WriteLineAsync($"{result.EntriesChecked} entries checked before the break.");
                return ExitCodes.Failure;
            }
            await console.Out.WriteLineAsync($"OK: journal intact, {result.EntriesChecked} entries checked.");
            return ExitCodes.Ok;
        }
        catch (System.Data.Common.DbException ex)
        {
            await console.Error.WriteLineAsync($"consentflow: cannot read the journal: {ex.Message}");
            return ExitCodes.Failure;
        }
    }
}
