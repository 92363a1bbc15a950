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
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = ConsentFlowApp.Create(
            ["--urls", "http://127.0.0.1:0", "--environment", "Development", "--contentRoot", RepositoryPaths.WebProject],
            builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConsentFlow:DataFolder"] = _dataFolder,
                ["ConsentFlow:WorkflowsFolder"] = RepositoryPaths.Workflows,
                ["ConsentFlow:SeedDemo"] = "true",
                ["Logging:LogLevel:Default"] = "Warning",
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
public sealed class AppCollection : ICollectionFixture<RunningApp>
{
    public const string Name = "running app";
}
