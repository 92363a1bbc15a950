using ConsentFlow.Engine.Storage;
using ConsentFlow.Storage.PostgreSql;
using ConsentFlow.Storage.Sqlite;
using ConsentFlow.Storage.SqlServer;

namespace ConsentFlow.Web.Hosting;

/// <summary>The host's own settings (section <c>ConsentFlow</c>), resolved to absolute paths once at start-up.</summary>
public sealed record HostSettings(StorageProvider Storage, string DataFolder, string WorkflowsFolder, bool SeedDemo, bool RunTimers)
{
    public const string Section = "ConsentFlow";

    public static HostSettings From(IConfiguration configuration, IHostEnvironment environment, IReadOnlyList<string> args)
    {
        var section = configuration.GetSection(Section);
        var dataFolder = Path.GetFullPath(section["DataFolder"] ?? "data", environment.ContentRootPath);
        var workflows = section["WorkflowsFolder"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, environment.ContentRootPath)
            : FindWorkflowsFolder(environment.ContentRootPath);
        return new HostSettings(
            StorageFrom(configuration, dataFolder),
            dataFolder,
            workflows,
            SeedDemo: args.Contains("--seed-demo") || section.GetValue<bool>("SeedDemo"),
            RunTimers: section.GetValue("RunTimers", true));
    }

    private static StorageProvider StorageFrom(IConfiguration configuration, string dataFolder)
    {
        var provider = configuration[$"{Section}:Database:Provider"] ?? "Sqlite";
        var connectionString = configuration.GetConnectionString("ConsentFlow");
        return provider.ToLowerInvariant() switch
        {
            "sqlserver" => new SqlServerStorage(connectionString
                ?? throw new InvalidOperationException("ConnectionStrings:ConsentFlow is required when the provider is SqlServer.")),
            "postgresql" => new PostgreSqlStorage(connectionString
                ?? throw new InvalidOperationException("ConnectionStrings:ConsentFlow is required when the provider is PostgreSql.")),
            "sqlite" => string.IsNullOrWhiteSpace(connectionString)
                ? SqliteStorage.File(Path.Combine(dataFolder, "consentflow.db"))
                : new SqliteStorage(connectionString),
            _ => throw new InvalidOperationException($"{Section}:Database:Provider must be Sqlite, SqlServer or PostgreSql, not '{provider}'."),
        };
    }

    /// <summary>A fresh clone runs from src/ConsentFlow.Web, so the repository's workflows/ folder is found by walking up.</summary>
    private static string FindWorkflowsFolder(string contentRoot) =>
        Engine.Definitions.WorkflowsFolder.FindAbove(contentRoot) ?? Path.Combine(contentRoot, Engine.Definitions.WorkflowsFolder.FolderName);
}
