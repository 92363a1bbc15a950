using ConsentFlow.Engine.Storage;
using Microsoft.Data.Sqlite;

namespace ConsentFlow.Engine.Scenarios;

/// <summary>A throwaway SQLite database in its own temp folder, deleted when the scenario ends.</summary>
public sealed class ScenarioWorkspace : IAsyncDisposable
{
    private ScenarioWorkspace(string folder)
    {
        Folder = folder;
        Storage = StorageOptions.SqliteFile(Path.Combine(folder, "scenario.db"));
    }

    public string Folder { get; }
    public StorageOptions Storage { get; }

    public static ScenarioWorkspace Create()
    {
        var folder = Path.Combine(Path.GetTempPath(), "consentflow-scenarios", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new ScenarioWorkspace(folder);
    }

    public ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; release only this database's pool, not other tests' pools.
        using (var connection = new SqliteConnection(Storage.ConnectionString)) SqliteConnection.ClearPool(connection);
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not turn a passing scenario into a failure.
        }
        catch (UnauthorizedAccessException)
        {
        }
        return ValueTask.CompletedTask;
    }
}
