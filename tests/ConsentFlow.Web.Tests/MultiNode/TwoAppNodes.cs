using System.Text.Json.Nodes;
using ConsentFlow.Engine.Scenarios;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Engine.Tests.Support;
using ConsentFlow.Identity;
using ConsentFlow.Storage.PostgreSql;
using ConsentFlow.Web.Hosting;
using ConsentFlow.Web.Tests.Support;
using Microsoft.Extensions.Logging;

namespace ConsentFlow.Web.Tests.MultiNode;

/// <summary>
/// Two app processes (node A and node B) on one PostgreSQL database of their own, as a clinic would run them behind a
/// load balancer. Both start together on an empty database; the staff accounts are then created as an operator would.
/// </summary>
public sealed class TwoAppNodes : IAsyncLifetime
{
    private static readonly Lazy<AnswerBook> Typical = new(() =>
        AnswerBook.LoadAsync(Path.Combine(RepositoryPaths.Workflows, AnswerBook.TypicalAnswersFile), CancellationToken.None).GetAwaiter().GetResult());

    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "consentflow-nodes", Guid.NewGuid().ToString("N"));
    private PostgresDatabase? _database;

    public AppNode A { get; private set; } = null!;
    public AppNode B { get; private set; } = null!;
    public PostgreSqlStorage Storage { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        Storage = new PostgreSqlStorage(_database.ConnectionString);
        // One data folder for both: the development seal certificate must be the same on every node.
        Directory.CreateDirectory(_dataFolder);
        // Both nodes start at the same moment on the empty database: both migrate, publish and create the seal at once.
        var (a, b) = (AppNode.StartAsync(_database.ConnectionString, _dataFolder, seedDemo: false), StartBAsync());
        A = await a;
        B = await b;
        await CreateStaffAccountsAsync();
    }

    public Task<AppNode> StartBAsync() => AppNode.StartAsync(_database!.ConnectionString, _dataFolder, seedDemo: false);

    /// <summary>Replaces node B after it was killed (same database, same data folder).</summary>
    public async Task RestartBAsync()
    {
        await B.DisposeAsync();
        B = await StartBAsync();
    }

    public ConsentFlowDbContext Database() => DatabaseSetup.CreateContext(Storage);

    public static Task<ApiClient> SignInAsync(AppNode node, string userName) => ApiClient.SignInAsync(node.BaseAddress, userName, DemoStaff.Password);

    public static JsonObject Answers(string stepId, DateTimeOffset scheduledStart) => Typical.Value.For(stepId, null, null, scheduledStart, DateTimeOffset.UtcNow);

    public async Task DisposeAsync()
    {
        if (A is not null) await A.DisposeAsync();
        if (B is not null) await B.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        try { Directory.Delete(_dataFolder, recursive: true); } catch (IOException) { }
    }

    /// <summary>The demo staff, written straight into the identity store the way `consentflow users add` would.</summary>
    private async Task CreateStaffAccountsAsync()
    {
        var services = new ServiceCollection().AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddConsentFlowIdentityStore(Storage);
        services.AddSingleton<DemoStaff>();
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<DemoStaff>().EnsureAsync(CancellationToken.None);
    }
}

[CollectionDefinition(Name)]
public sealed class AppNodesCollection
{
    /// <summary>The multi-node classes run one after the other: each starts two app processes on the shared cores.</summary>
    public const string Name = "app nodes on PostgreSQL";
}
