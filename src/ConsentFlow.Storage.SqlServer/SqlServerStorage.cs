using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Storage.SqlServer;

/// <summary>The production database: several app processes write concurrently; row versions arbitrate, transient faults are retried.</summary>
public sealed class SqlServerStorage(string connectionString) : StorageProvider(connectionString)
{
    public override void Configure(DbContextOptionsBuilder builder, string? migrationsHistoryTable = null) =>
        builder.UseSqlServer(ConnectionString, sql =>
        {
            sql.MigrationsAssembly(typeof(SqlServerStorage).Assembly.GetName().Name).EnableRetryOnFailure(3);
            if (migrationsHistoryTable is not null) sql.MigrationsHistoryTable(migrationsHistoryTable);
        });
}
