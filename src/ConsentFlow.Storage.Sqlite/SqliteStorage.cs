using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ConsentFlow.Storage.Sqlite;

/// <summary>
/// The embedded default: one SQLite file in WAL mode. Readers never block; writers of one process queue at the
/// write gate (SQLite has one writer at a time), and checkpoints run beside them instead of inside a commit
/// (<see cref="SqliteCheckpointer"/>).
/// </summary>
public sealed class SqliteStorage(string connectionString) : StorageProvider(connectionString)
{
    private static readonly TimeSpan StaleMigrationLock = TimeSpan.FromMinutes(5);

    public static SqliteStorage File(string path) => new($"Data Source={path};Pooling=True;Default Timeout=30");

    public override void Configure(DbContextOptionsBuilder builder, string? migrationsHistoryTable = null) =>
        builder.UseSqlite(ConnectionString, sqlite =>
        {
            sqlite.MigrationsAssembly(typeof(SqliteStorage).Assembly.GetName().Name);
            if (migrationsHistoryTable is not null) sqlite.MigrationsHistoryTable(migrationsHistoryTable);
        }).AddInterceptors(SqlitePragmas.Instance);

    public override async Task BeforeMigrateAsync(DbContext db, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(new SqliteConnectionStringBuilder(ConnectionString).DataSource));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        await ReleaseStaleMigrationLockAsync(db, cancellationToken);
    }

    // WAL lets readers (inboxes, readiness) run while one writer commits; the mode is stored in the file, so once is enough.
    public override Task AfterMigrateAsync(DbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

    /// <summary>Group commit: concurrent units of work share one transaction (one writer at a time is all SQLite allows).</summary>
    public override WriteGate CreateWriteGate()
    {
        var checkpointer = new SqliteCheckpointer(ConnectionString);
        var gate = WriteGate.GroupCommitted(new SqliteUnitOfWork(ConnectionString), checkpointer.WriteCommitted);
        checkpointer.HoldWritersAt(gate);
        lock (_gates) _gates.Add(new WeakReference<WriteGate>(gate));
        return gate;
    }

    // Group commit keeps its writer connection open between batches; releasing this database's connections closes it too.
    private readonly List<WeakReference<WriteGate>> _gates = [];

    public override void ReleaseConnections()
    {
        List<WriteGate> live;
        lock (_gates)
        {
            _gates.RemoveAll(reference => !reference.TryGetTarget(out _));
            live = _gates.Select(reference => reference.TryGetTarget(out var gate) ? gate : null).OfType<WriteGate>().ToList();
        }
        foreach (var gate in live) gate.ReleaseWriter();
        // Only this database's pool: other databases of the process (tests, a second engine) keep theirs.
        using var connection = new SqliteConnection(ConnectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>
    /// EF Core's SQLite migration lock is a row that a process killed mid-migration leaves behind, after which every
    /// start waits forever. A lock older than any migration could take belongs to a dead process and is removed.
    /// </summary>
    private static async Task ReleaseStaleMigrationLockAsync(DbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var exists = connection.CreateCommand();
            exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'";
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken)) == 0) return;

            await using var read = connection.CreateCommand();
            read.CommandText = "SELECT \"Timestamp\" FROM \"__EFMigrationsLock\"";
            var taken = await read.ExecuteScalarAsync(cancellationToken) as string;
            if (taken is null || !DateTimeOffset.TryParse(taken, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                || DateTimeOffset.UtcNow - at < StaleMigrationLock) return;

            await using var release = connection.CreateCommand();
            release.CommandText = "DELETE FROM \"__EFMigrationsLock\"";
            await release.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>In WAL mode NORMAL sync survives an application crash and skips an fsync per commit.</summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public static readonly SqlitePragmas Instance = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection) => SqliteDurability.ApplyOnce((SqliteConnection)connection);
    }
}

/// <summary>
/// In WAL mode NORMAL sync survives an application crash and skips an fsync per commit. Pragmas live as long as the
/// native connection, which the pool hands out again and again: they are set once per native connection instead of on
/// every open (two statements before each query otherwise).
/// </summary>
internal static class SqliteDurability
{
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();

    public static void ApplyOnce(SqliteConnection connection)
    {
        if (connection.Handle is not { } handle || Configured.TryGetValue(handle, out _)) return;
        using (var command = connection.CreateCommand())
        {
            // Checkpoints normally run beside the writers (SqliteCheckpointer); the automatic one stays as a far-off safety net
            // (about 40 MB of WAL) for writes that do not pass the gate and for a WAL that a long reader kept from starting over.
            command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=10000;";
            command.ExecuteNonQuery();
        }
        Configured.AddOrUpdate(handle, Configured);
    }
}
