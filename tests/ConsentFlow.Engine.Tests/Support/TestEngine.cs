using ConsentFlow.Storage.PostgreSql;
using ConsentFlow.Storage.Sqlite;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Scenarios;
using ConsentFlow.Engine.Storage;
using Microsoft.Data.Sqlite;

namespace ConsentFlow.Engine.Tests.Support;

/// <summary>A real engine on a fresh SQLite file per test, with the default workflow published.</summary>
public sealed class TestEngine : IAsyncDisposable
{
    private readonly Func<ValueTask> _cleanUp;

    private TestEngine(StorageProvider storage, ConsentFlowEngine engine, ScenarioClock clock, Func<ValueTask> cleanUp)
    {
        Storage = storage;
        Engine = engine;
        Clock = clock;
        _cleanUp = cleanUp;
    }

    public ConsentFlowEngine Engine { get; }
    public ScenarioClock Clock { get; }
    public WorkflowRuntime Runtime => Engine.Runtime;
    public StorageProvider Storage { get; }
    public string DatabasePath => new SqliteConnectionStringBuilder(((SqliteStorage)Storage).ConnectionString).DataSource;

    public static async Task<TestEngine> StartAsync(DateTimeOffset? now = null, bool publishDefault = true)
    {
        var folder = Path.Combine(Path.GetTempPath(), "consentflow-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return await StartAsync(SqliteStorage.File(Path.Combine(folder, "consentflow.db")), now, publishDefault, () =>
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>The same engine on a database of its own on the test run's PostgreSQL server.</summary>
    public static async Task<TestEngine> StartOnPostgresAsync(DateTimeOffset? now = null)
    {
        var database = await PostgresDatabase.CreateAsync();
        return await StartAsync(new PostgreSqlStorage(database.ConnectionString), now, publishDefault: true, database.DisposeAsync);
    }

    private static async Task<TestEngine> StartAsync(StorageProvider storage, DateTimeOffset? now, bool publishDefault, Func<ValueTask> cleanUp)
    {
        var clock = new ScenarioClock(now ?? new DateTimeOffset(2026, 5, 4, 13, 0, 0, TimeSpan.Zero));
        var engine = await ConsentFlowEngine.OpenAsync(storage, clock, CancellationToken.None);
        var test = new TestEngine(storage, engine, clock, cleanUp);
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

    public ValueTask DisposeAsync() => _cleanUp();
}
