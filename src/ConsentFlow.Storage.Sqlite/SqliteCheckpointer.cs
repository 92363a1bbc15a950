using ConsentFlow.Engine.Runtime;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ConsentFlow.Storage.Sqlite;

/// <summary>
/// Keeps WAL checkpoints off the request path. SQLite starts its WAL over only after a checkpoint has copied every
/// frame; a checkpoint running beside steady writes never catches the last commit, so the WAL used to grow until the
/// automatic checkpoint fired inside a commit and copied thousands of pages while that batch and every unit behind it
/// waited (12–20 ms, the tail of the submit latency). Instead, every <see cref="UnitsPerCheckpoint"/> units a passive
/// checkpoint copies the bulk beside the writers, and a second one, with the write gate held so no frame is added
/// meanwhile, copies the few frames committed since. The WAL is then fully copied and the next writer starts it over.
/// Writers wait only for that second, short step.
/// </summary>
internal sealed class SqliteCheckpointer(string connectionString)
{
    // A checkpoint that starts after the database was deleted (a test's or the bench's clean-up) must not create an empty one.
    private readonly string _existingOnly = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadWrite }.ToString();

    public const int UnitsPerCheckpoint = 200;

    private int _units;
    private int _running;
    private WriteGate? _gate;

    /// <summary>The gate whose writers the second step holds back; without one, only the passive step runs.</summary>
    public void HoldWritersAt(WriteGate gate) => _gate = gate;

    public void WriteCommitted()
    {
        if (Interlocked.Increment(ref _units) % UnitsPerCheckpoint != 0) return;
        if (Interlocked.Exchange(ref _running, 1) == 1) return;
        // A thread of its own, not the pool's: under load every pool thread is busy running units of work, and a
        // checkpoint queued behind them for seconds lets the WAL grow back to the automatic checkpoint.
        new Thread(CheckpointRound) { IsBackground = true, Name = "SQLite checkpoint" }.Start();
    }

    private void CheckpointRound()
    {
        try
        {
            using var connection = new SqliteConnection(_existingOnly);
            connection.Open();
            OpenWal(connection);
            Checkpoint(connection);
            // Even when it copied every frame, a writer may be inside a transaction it began before: only a checkpoint
            // with the writers held guarantees that the next transaction finds the WAL fully copied.
            if (_gate is { } gate)
                using (gate.Enter())
                    Checkpoint(connection);
        }
        catch (SqliteException)
        {
            // The database went away (a test's or the bench's clean-up): nothing to copy.
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>The C API sees a fresh connection's database as not in WAL mode until the connection has read from it.</summary>
    private static void OpenWal(SqliteConnection connection)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "PRAGMA schema_version;";
        read.ExecuteScalar();
    }

    /// <summary>
    /// A passive checkpoint straight through SQLite's C API: it never waits. A busy answer (another checkpoint, a writer
    /// updating the WAL index) or a reader still on an old snapshot only leaves frames for the next round, whereas a
    /// PRAGMA through ADO.NET retries a busy answer with 150 ms sleeps, which the second step would spend holding the gate.
    /// </summary>
    private static void Checkpoint(SqliteConnection connection) =>
        raw.sqlite3_wal_checkpoint_v2(connection.Handle, "main", raw.SQLITE_CHECKPOINT_PASSIVE, out _, out _);
}
