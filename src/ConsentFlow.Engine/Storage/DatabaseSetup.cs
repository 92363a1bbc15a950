using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Storage;

public static class DatabaseSetup
{
    public static void Configure(DbContextOptionsBuilder builder, StorageProvider storage, string? migrationsHistoryTable = null)
    {
        storage.Configure(builder, migrationsHistoryTable);
        // Query parameters may hold PHI: never log them.
        builder.EnableSensitiveDataLogging(false);
    }

    public static ConsentFlowDbContext CreateContext(StorageProvider storage)
    {
        var builder = new DbContextOptionsBuilder<ConsentFlowDbContext>();
        Configure(builder, storage);
        return new ConsentFlowDbContext(builder.Options);
    }

    /// <summary>Creates the database if needed and applies every pending migration.</summary>
    public static async Task MigrateAsync(IDbContextFactory<ConsentFlowDbContext> factory, StorageProvider storage, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await storage.BeforeMigrateAsync(db, cancellationToken);
        await using var migrating = await storage.LockMigrationsAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        await storage.AfterMigrateAsync(db, cancellationToken);
        await Runtime.ReadinessBackfill.RunAsync(factory, cancellationToken);
    }
}
