using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore.Design;

namespace ConsentFlow.Storage.SqlServer;

/// <summary>Lets `dotnet ef migrations add` build the model for the SqlServer provider without a running app.</summary>
public sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<ConsentFlowDbContext>
{
    public ConsentFlowDbContext CreateDbContext(string[] args) => DatabaseSetup.CreateContext(
        new SqlServerStorage("Server=localhost;Database=ConsentFlow;Trusted_Connection=True;TrustServerCertificate=True"));
}
