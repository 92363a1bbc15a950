using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Identity.Storage;

/// <summary>Opens the identity store on the same database and provider as the engine, with its own migration history.</summary>
public static class IdentityStoreSetup
{
    public static void Configure(DbContextOptionsBuilder builder, StorageProvider storage) =>
        DatabaseSetup.Configure(builder, storage, IdentityStoreContext.MigrationsHistoryTable);

    public static IdentityStoreContext CreateContext(StorageProvider storage)
    {
        var builder = new DbContextOptionsBuilder<IdentityStoreContext>();
        Configure(builder, storage);
        return new IdentityStoreContext(builder.Options);
    }

    public static async Task MigrateAsync(IDbContextFactory<IdentityStoreContext> contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }
}
