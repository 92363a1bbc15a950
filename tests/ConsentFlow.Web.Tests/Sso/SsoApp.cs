using ConsentFlow.Web.Hosting;
using ConsentFlow.Web.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace ConsentFlow.Web.Tests.Sso;

/// <summary>
/// The clinic's provider and the real app configured to trust it, by configuration alone (the settings an operator
/// would write), both on 127.0.0.1 with free ports. Started once for the SSO tests: migrations take seconds.
/// </summary>
public sealed class SsoApp : IAsyncLifetime
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "consentflow-sso-tests", Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    public ClinicProvider Provider { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The app's services, to see the local accounts single sign-on created.</summary>
    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        // The provider first: the app's settings name its address.
        Provider = await ClinicProvider.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["ConsentFlow:DataFolder"] = _dataFolder,
            ["ConsentFlow:WorkflowsFolder"] = RepositoryPaths.Workflows,
            ["ConsentFlow:SeedDemo"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["ConsentFlow:Security:SignInPermitsPerMinute"] = "10000",
            ["ConsentFlow:Oidc:Authority"] = Provider.Authority.AbsoluteUri,
            ["ConsentFlow:Oidc:ClientId"] = ClinicClients.ConsentFlowId,
            ["ConsentFlow:Oidc:ClientSecret"] = ClinicClients.ConsentFlowSecret,
            ["ConsentFlow:Oidc:Audience"] = ClinicClients.ApiAudience,
            ["ConsentFlow:Oidc:RequireHttpsMetadata"] = "false",
        };
        foreach (var (group, role) in ClinicClients.RoleMap) settings[$"ConsentFlow:Oidc:RoleMap:{group}"] = role;

        _app = ConsentFlowApp.Create(
            ["--urls", "http://127.0.0.1:0", "--environment", "Development", "--contentRoot", RepositoryPaths.WebProject],
            builder => builder.Configuration.AddInMemoryCollection(settings));
        await _app.PrepareAsync();
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        // The redirect URI is the app's address, known only now that it listens.
        await Provider.RegisterConsentFlowAsync(BaseAddress);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (Provider is not null) await Provider.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataFolder, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class SsoCollection : ICollectionFixture<SsoApp>
{
    public const string Name = "single sign-on";
}
