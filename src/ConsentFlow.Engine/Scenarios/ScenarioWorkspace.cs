using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Engine.Scenarios;

/// <summary>A throwaway database (the host says which kind, e.g. a SQLite file) in its own temp folder, deleted when the scenario ends.</summary>
public sealed class ScenarioWorkspace : IAsyncDisposable
{
    private ScenarioWorkspace(string folder, StorageProvider storage)
    {
        Folder = folder;
        Storage = storage;
    }

    public string Folder { get; }
    public StorageProvider Storage { get; }

    /// <param name="database">The database to create in the workspace folder.</param>
    public static ScenarioWorkspace Create(Func<string, StorageProvider> database)
    {
        var folder = Path.Combine(Path.GetTempPath(), "consentflow-scenarios", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new ScenarioWorkspace(folder, database(folder));
    }

    public ValueTask DisposeAsync()
    {
        // Pooled connections keep a database file open; release only this database's pool, not other tests' pools.
        Storage.ReleaseConnections();
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
