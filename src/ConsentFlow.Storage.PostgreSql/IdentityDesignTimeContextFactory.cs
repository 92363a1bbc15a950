using ConsentFlow.Identity.Storage;
using Microsoft.EntityFrameworkCore.Design;

namespace ConsentFlow.Storage.PostgreSql;

/// <summary>Lets `dotnet ef migrations add --context IdentityStoreContext` build the identity model for the PostgreSQL provider.</summary>
public sealed class IdentityDesignTimeContextFactory : IDesignTimeDbContextFactory<IdentityStoreContext>
{
    public IdentityStoreContext CreateDbContext(string[] args) => IdentityStoreSetup.CreateContext(
        new PostgreSqlStorage("Host=localhost;Database=consentflow;Username=consentflow"));
}
