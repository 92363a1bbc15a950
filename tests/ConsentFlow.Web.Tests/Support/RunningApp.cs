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
public sealed class RunningApp : IAsyncLifetime, ITestApp
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "consentflow-web-tests", Guid.NewGuid().ToString("N"));
    private string _workflowsFolder = RepositoryPaths.Workflows;
    private bool _seedDemo = true;
    private int _signInPermits = 10_000;
    private WebApplication? _app;

    /// <summary>A separate app, without demo data, for a test that needs its own workflows folder (e.g. missing consent templates).</summary>
    public static RunningApp WithWorkflows(string workflowsFolder) => new() { _workflowsFolder = workflowsFolder, _seedDemo = false };

    /// <summary>A separate app with demo accounts and the production sign-in limit, for the rate-limit test.</summary>
    public static RunningApp WithSignInLimit(int permitsPerMinute) => new() { _signInPermits = permitsPerMinute };

    /// <summary>A separate app with demo data and extra settings (e.g. short idle timeouts).</summary>
    public static RunningApp WithSettings(params (string Key, string Value)[] settings) => new() { _extraSettings = settings };

    private (string Key, string Value)[] _extraSettings = [];
    private Action<IServiceCollection>? _services;

    /// <summary>A separate app with demo data and extra services (e.g. an in-memory telemetry exporter, a log capture).</summary>
    public static RunningApp WithServices(Action<IServiceCollection> services, params (string Key, string Value)[] settings) =>
        new() { _services = services, _extraSettings = settings };

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The app's own services, for checks the API does not expose (the archive, the seal certificate, signed-consent facts).</summary>
    public IServiceProvider Services => _app!.Services;

    /// <summary>What the QR code of a consent document points at (the verification page of this app's public address).</summary>
    public const string PublicBaseUrl = "https://consent.clinic.example";

    public async Task InitializeAsync()
    {
        _app = ConsentFlowApp.Create(
            ["--urls", "http://127.0.0.1:0", "--environment", "Development", "--contentRoot", RepositoryPaths.WebProject],
            builder =>
            {
                _services?.Invoke(builder.Services);
                // The test's own settings come last, so they win over these defaults.
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["ConsentFlow:DataFolder"] = _dataFolder,
                    ["ConsentFlow:WorkflowsFolder"] = _workflowsFolder,
                    ["ConsentFlow:SeedDemo"] = _seedDemo ? "true" : "false",
                    ["ConsentFlow:PublicBaseUrl"] = PublicBaseUrl,
                    ["Logging:LogLevel:Default"] = _seedDemo ? "Warning" : "None",
                    // Tests sign in dozens of accounts from one address; the limit itself is tested with its own app.
                    ["ConsentFlow:Security:SignInPermitsPerMinute"] = _signInPermits.ToString(),
                    // The shared app serves every test class as the same few accounts within a minute; the limit's own tests set theirs.
                    ["ConsentFlow:Security:ApiPermitsPerMinute"] = "1000000",
                });
                // A later source overrides an earlier one key by key (one source may not name a key twice).
                builder.Configuration.AddInMemoryCollection(_extraSettings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
            });
        await _app.PrepareAsync();
        // An app without demo data still needs the staff the tests sign in as (an operator would use `consentflow users add`).
        if (!_seedDemo) await _app.Services.GetRequiredService<DemoStaff>().EnsureAsync(CancellationToken.None);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    private readonly Dictionary<string, Task<ApiClient>> _signedIn = [];

    /// <summary>A demo account signed in through the sign-in form; one session per account, shared by the tests of this app.</summary>
    public Task<ApiClient> ClientAsync(string userName)
    {
        lock (_signedIn)
        {
            if (!_signedIn.TryGetValue(userName, out var client))
                _signedIn[userName] = client = ApiClient.SignInAsync(BaseAddress, userName, DemoStaff.Password);
            return client;
        }
    }

    public ApiClient Anonymous() => ApiClient.Anonymous(BaseAddress);

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
