using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ConsentFlow.Storage.PostgreSql;

/// <summary>
/// A real database server we can run anywhere (tests, CI, docker compose): several app processes write concurrently,
/// the version columns arbitrate, transient faults are retried. Timestamps are <c>timestamp with time zone</c>, which
/// Npgsql accepts only as UTC: the models' converter marks every DateTime UTC before it is written.
/// </summary>
public sealed class PostgreSqlStorage(string connectionString) : StorageProvider(connectionString)
{
    public override void Configure(DbContextOptionsBuilder builder, string? migrationsHistoryTable = null) =>
        builder.UseNpgsql(ConnectionString, npgsql =>
        {
            npgsql.MigrationsAssembly(typeof(PostgreSqlStorage).Assembly.GetName().Name).EnableRetryOnFailure(3);
            if (migrationsHistoryTable is not null) npgsql.MigrationsHistoryTable(migrationsHistoryTable);
        });

    // Any fixed number: advisory locks are per database, so only processes migrating this database wait for each other.
    private const long MigrationLockKey = 0x436F6E73656E74; // "Consent"

    /// <summary>A session advisory lock on a connection of its own, released when the lock is disposed (or the process dies).</summary>
    public override async Task<IAsyncDisposable> LockMigrationsAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (PostgresException missing) when (missing.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // No database yet: the migration creates it, and a second node finds it created.
            await connection.DisposeAsync();
            return NoMigrationLock;
        }
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            take.Parameters.AddWithValue("key", MigrationLockKey);
            await take.ExecuteNonQueryAsync(cancellationToken);
        }
        return new MigrationLock(connection);
    }

    private sealed class MigrationLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection))
            {
                release.Parameters.AddWithValue("key", MigrationLockKey);
                await release.ExecuteNonQueryAsync();
            }
            await connection.DisposeAsync();
        }
    }
}
