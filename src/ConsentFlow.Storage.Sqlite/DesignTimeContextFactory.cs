using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore.Design;

namespace ConsentFlow.Storage.Sqlite;

/// <summary>Lets `dotnet ef migrations add` build the model for the Sqlite provider without a running app.</summary>
public sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<ConsentFlowDbContext>
{
    public ConsentFlowDbContext CreateDbContext(string[] args) => DatabaseSetup.CreateContext(
        SqliteStorage.File("design-time.db"));
}
