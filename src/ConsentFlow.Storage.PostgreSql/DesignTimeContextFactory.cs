using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore.Design;

namespace ConsentFlow.Storage.PostgreSql;

/// <summary>Lets `dotnet ef migrations add` build the model for the PostgreSQL provider without a running server.</summary>
public sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<ConsentFlowDbContext>
{
    public ConsentFlowDbContext CreateDbContext(string[] args) => DatabaseSetup.CreateContext(
        new PostgreSqlStorage("Host=localhost;Database=consentflow;Username=consentflow"));
}
