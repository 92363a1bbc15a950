using Microsoft.Data.Sqlite;

namespace ConsentFlow.Storage.Sqlite;

/// <summary>
/// Moves WAL checkpoints off the request path. SQLite's automatic checkpoint runs inside whichever commit crosses the
/// threshold and makes that one submission wait for an fsync; here a passive checkpoint runs beside the writers every
/// <see cref="CommitsPerCheckpoint"/> commits, long before the (raised) automatic threshold is reached.
/// </summary>
internal sealed class SqliteCheckpointer(string connectionString)
{
    // A checkpoint that starts after the database was deleted (a test's or the bench's clean-up) must not create an empty one.
    private readonly string _existingOnly = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadWrite }.ToString();

    public const int CommitsPerCheckpoint = 200;
    private int _commits;
    private int _running;

    public void WriteCommitted()
    {
        if (Interlocked.Increment(ref _commits) % CommitsPerCheckpoint != 0) return;
        if (Interlocked.Exchange(ref _running, 1) == 1) return;
        _ = Task.Run(async () =>
        {
            try
            {
                await using var connection = new SqliteConnection(_existingOnly);
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                await command.ExecuteNonQueryAsync();
            }
            catch (SqliteException)
            {
                // A busy or failed passive checkpoint is harmless: the next one copies the same pages.
            }
            finally
            {
                Volatile.Write(ref _running, 0);
            }
        });
    }
}
