using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

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
}
