namespace ConsentFlow.Engine.Storage;

public enum DatabaseProvider { Sqlite, SqlServer }

/// <summary>Which database holds the workflow state. SQLite is the zero-set-up default; SQL Server is for production.</summary>
public sealed record StorageOptions(DatabaseProvider Provider, string ConnectionString)
{
    public const string SqliteMigrationsAssembly = "ConsentFlow.Storage.Sqlite";
    public const string SqlServerMigrationsAssembly = "ConsentFlow.Storage.SqlServer";

    public static StorageOptions SqliteFile(string path) =>
        new(DatabaseProvider.Sqlite, $"Data Source={path};Pooling=True;Default Timeout=30");
}
