using ConsentFlow.Engine.Storage;
using ConsentFlow.Identity.Storage;
using Microsoft.EntityFrameworkCore.Design;

namespace ConsentFlow.Storage.Sqlite;

/// <summary>Lets `dotnet ef migrations add --context IdentityStoreContext` build the identity model for the Sqlite provider.</summary>
public sealed class IdentityDesignTimeContextFactory : IDesignTimeDbContextFactory<IdentityStoreContext>
{
    public IdentityStoreContext CreateDbContext(string[] args) => IdentityStoreSetup.CreateContext(SqliteStorage.File("design-time.db"));
}
