using ConsentFlow.Engine.Storage;
using ConsentFlow.Identity.Storage;
using Microsoft.EntityFrameworkCore.Design;

namespace ConsentFlow.Storage.SqlServer;

/// <summary>Lets `dotnet ef migrations add --context IdentityStoreContext` build the identity model for the SqlServer provider.</summary>
public sealed class IdentityDesignTimeContextFactory : IDesignTimeDbContextFactory<IdentityStoreContext>
{
    public IdentityStoreContext CreateDbContext(string[] args) => IdentityStoreSetup.CreateContext(
        new SqlServerStorage("Server=localhost;Database=ConsentFlow;Trusted_Connection=True;TrustServerCertificate=True"));
}
