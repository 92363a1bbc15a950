using ConsentFlow.Engine.Journal;
using ConsentFlow.Engine.Storage;
using Microsoft.Data.Sqlite;

namespace ConsentFlow.Cli.Commands;

/// <summary><c>journal verify --db FILE</c>: recomputes every hash chain; exit 1 names the first broken entry.</summary>
internal static class JournalVerifyCommand
{
    public static async Task<int> RunAsync(CliArguments args, CliConsole console, CancellationToken cancellationToken)
    {
        args.NoPositional();
        var storage = Storage(args);
        try
        {
            await using var db = DatabaseSetup.CreateContext(storage);
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
        finally
        {
            // Leave no pooled handle on the file: the caller may copy, archive or delete it next.
            if (storage.Provider == DatabaseProvider.Sqlite)
                using (var connection = new SqliteConnection(storage.ConnectionString)) SqliteConnection.ClearPool(connection);
        }
    }

    private static StorageOptions Storage(CliArguments args)
    {
        var file = args.Value("--db");
        var sqlServer = args.Value("--sqlserver");
        if ((file is null) == (sqlServer is null)) throw new UsageException("journal verify: give either --db FILE or --sqlserver CONNECTION-STRING");
        if (sqlServer is not null) return new StorageOptions(DatabaseProvider.SqlServer, sqlServer);
        // Opening a missing file would silently create an empty database that "verifies".
        if (!File.Exists(file)) throw new UsageException($"journal verify: database file '{file}' does not exist");
        return new StorageOptions(DatabaseProvider.Sqlite, $"Data Source={file};Mode=ReadWrite;Pooling=True");
    }
}
