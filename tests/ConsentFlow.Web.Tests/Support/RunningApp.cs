using ConsentFlow.Web.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace ConsentFlow.Web.Tests.Support;

/// <summary>
/// The real web app (same pipeline as Program.cs) on 127.0.0.1 with a free port and a fresh SQLite file, demo data
/// seeded. Shared by every test in the collection because start-up (migrations, publishing, seeding) costs seconds.
/// </summary>
public sealed class RunningApp : IAsyncLifetime
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "consentflow-web-tests", Guid.NewGuid().ToString("N"));
    private string _workflowsFolder = RepositoryPaths.Workflows;
    private bool _seedDemo = true;
    private WebApplication? _app;

    /// <summary>A separate app, without demo data, for a test that needs its own workflows folder (e.g. missing consent templates).</summary>
    public static RunningApp WithWorkflows(string workflowsFolder) => new() { _workflowsFolder = workflowsFolder, _seedDemo = false };

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The app's own services, for checks the API does not expose (the archive, the seal certificate, signed-consent facts).</summary>
    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        _app = ConsentFlowApp.Create(
            ["--urls", "http://127.0.0.1:0", "--environment", "Development", "--contentRoot", RepositoryPaths.WebProject],
            builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConsentFlow:DataFolder"] = _dataFolder,
                ["ConsentFlow:WorkflowsFolder"] = _workflowsFolder,
                ["ConsentFlow:SeedDemo"] = _seedDemo ? "true" : "false",
                ["Logging:LogLevel:Default"] = _seedDemo ? "Warning" : "None",
            }));
        await _app.PrepareAsync();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    public ApiClient Client(string actorId, string role) => new(BaseAddress, actorId, role);

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataFolder, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<RunningApp>, ICollectionFixture<SharedChromium>
{
    public const string Name = "running app";
}
