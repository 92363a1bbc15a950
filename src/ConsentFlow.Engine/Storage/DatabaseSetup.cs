using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using System.Data.Common;

namespace ConsentFlow.Engine.Storage;

public static class DatabaseSetup
{
    /// <param name="migrationsHistoryTable">Another context on the same database keeps its own history (the identity store does).</param>
    public static void Configure(DbContextOptionsBuilder builder, StorageOptions options, string? migrationsHistoryTable = null)
    {
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                builder.UseSqlite(options.ConnectionString, sqlite =>
                {
                    sqlite.MigrationsAssembly(StorageOptions.SqliteMigrationsAssembly);
                    if (migrationsHistoryTable is not null) sqlite.MigrationsHistoryTable(migrationsHistoryTable);
                }).AddInterceptors(SqlitePragmas.Instance);
                break;
            case DatabaseProvider.SqlServer:
                builder.UseSqlServer(options.ConnectionString, sql =>
                {
                    sql.MigrationsAssembly(StorageOptions.SqlServerMigrationsAssembly).EnableRetryOnFailure(3);
                    if (migrationsHistoryTable is not null) sql.MigrationsHistoryTable(migrationsHistoryTable);
                });
                break;
        }
        // Query parameters may hold PHI: never log them.
        builder.EnableSensitiveDataLogging(false);
    }

    public static ConsentFlowDbContext CreateContext(StorageOptions options)
    {
        var builder = new DbContextOptionsBuilder<ConsentFlowDbContext>();
        Configure(builder, options);
        return new ConsentFlowDbContext(builder.Options);
    }

    /// <summary>Creates the database if needed and applies every pending migration.</summary>
    public static async Task MigrateAsync(IDbContextFactory<ConsentFlowDbContext> factory, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            var source = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(source));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            await ReleaseStaleMigrationLockAsync(db, cancellationToken);
        }
        await db.Database.MigrateAsync(cancellationToken);
        // WAL lets readers (inboxes, readiness) run while one writer commits; the mode is stored in the file, so once is enough.
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }

    /// <summary>
    /// EF Core's SQLite migration lock is a row that a process killed mid-migration leaves behind, after which every
    /// start waits forever. A lock older than any migration could take belongs to a dead process and is removed.
    /// </summary>
    private static async Task ReleaseStaleMigrationLockAsync(ConsentFlowDbContext db, CancellationToken cancellationToken)
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
            if (taken is null || !DateTimeOffset.TryParse(taken, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
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

    private static readonly TimeSpan StaleMigrationLock = TimeSpan.FromMinutes(5);

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

        private static void Apply(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            // Checkpoints normally run beside the writers (SqliteCheckpointer); the automatic one stays as a far-off safety net
            // (about 40 MB of WAL) for writes that do not pass the gate.
            command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=10000;";
            command.ExecuteNonQuery();
        }
    }
}
