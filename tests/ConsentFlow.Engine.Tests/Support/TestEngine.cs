using ConsentFlow.Storage.Sqlite;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Scenarios;
using ConsentFlow.Engine.Storage;
using Microsoft.Data.Sqlite;

namespace ConsentFlow.Engine.Tests.Support;

/// <summary>A real engine on a fresh SQLite file per test, with the default workflow published.</summary>
public sealed class TestEngine : IAsyncDisposable
{
    private readonly string _folder;

    private TestEngine(string folder, ConsentFlowEngine engine, ScenarioClock clock)
    {
        _folder = folder;
        Engine = engine;
        Clock = clock;
    }

    public ConsentFlowEngine Engine { get; }
    public ScenarioClock Clock { get; }
    public WorkflowRuntime Runtime => Engine.Runtime;
    public string DatabasePath => Path.Combine(_folder, "consentflow.db");
    public StorageProvider Storage => SqliteStorage.File(DatabasePath);

    public static async Task<TestEngine> StartAsync(DateTimeOffset? now = null, bool publishDefault = true)
    {
        var folder = Path.Combine(Path.GetTempPath(), "consentflow-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var clock = new ScenarioClock(now ?? new DateTimeOffset(2026, 5, 4, 13, 0, 0, TimeSpan.Zero));
        var engine = await ConsentFlowEngine.OpenAsync(SqliteStorage.File(Path.Combine(folder, "consentflow.db")), clock, CancellationToken.None);
        var test = new TestEngine(folder, engine, clock);
        if (publishDefault)
            await engine.Catalog.PublishAsync(await File.ReadAllTextAsync(RepositoryPaths.DefaultWorkflow), RepositoryPaths.DefaultWorkflow, Admin, CancellationToken.None);
        return test;
    }

    public static readonly Actor Admin = new("admin-1", "administrator");
    public static readonly Actor Nurse = new("nurse-1", "nurse");
    public static readonly Actor Surgeon = new("surgeon-1", "surgeon");
    public static readonly Actor Anesthesiologist = new("anesthesiologist-1", "anesthesiologist");
    public static readonly Actor Patient = new("tablet-1", "patient");
    public static readonly Actor Witness = new("nurse-2", "witness");

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
