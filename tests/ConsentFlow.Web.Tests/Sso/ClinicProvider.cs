using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ConsentFlow.Web.Tests.Sso;

/// <summary>
/// The clinic's OpenID Connect provider: a real OpenIddict server on 127.0.0.1 with a free port, its clients and tokens
/// in an in-memory SQLite database that lives as long as this object.
/// </summary>
public sealed class ClinicProvider : IAsyncDisposable
{
    // A named shared-cache database: every DbContext opens its own connection, this one only keeps the database alive.
    private readonly SqliteConnection _keepAlive = new($"Data Source=clinic-provider-{Guid.NewGuid():N};Mode=Memory;Cache=Shared");
    private WebApplication _host = null!;

    private ClinicProvider() { }

    public Uri Authority { get; private set; } = null!;

    /// <summary>The key the provider signs tokens with (the app only ever sees its public half, through the JWKS).</summary>
    public SigningCredentials SigningKey =>
        _host.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.SigningCredentials.First();

    public static async Task<ClinicProvider> StartAsync()
    {
        var provider = new ClinicProvider();
        await provider._keepAlive.OpenAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDbContext<ProviderStore>(options => options.UseSqlite(provider._keepAlive.ConnectionString).UseOpenIddict());
        builder.Services.AddAuthentication().AddCookie(ProviderEndpoints.SessionScheme, options => options.Cookie.Name = ".ClinicProvider.Session");
        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<ProviderStore>())
            .AddServer(ConfigureServer);

        provider._host = builder.Build();
        provider._host.UseAuthentication();
        provider._host.MapProviderEndpoints();
        await using (var scope = provider._host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ProviderStore>().Database.EnsureCreatedAsync();
        await provider._host.StartAsync();
        provider.Authority = new Uri(provider._host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        await provider.RegisterAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = ClinicClients.EhrId, ClientSecret = ClinicClients.EhrSecret, ClientType = ClientTypes.Confidential,
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
        });
        return provider;
    }

    private static void ConfigureServer(OpenIddictServerBuilder server)
    {
        server.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token").SetUserInfoEndpointUris("connect/userinfo");
        server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange().AllowClientCredentialsFlow();
        server.RegisterScopes(Scopes.Profile, Scopes.Email, Scopes.Roles);
        // Keys for this run only; the app learns the public key from the provider's JWKS like any relying party.
        server.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
        // Signed, not encrypted, access tokens: what a clinic's provider issues to a resource server that validates JWTs itself.
        server.DisableAccessTokenEncryption();
        server.UseAspNetCore()
            .EnableAuthorizationEndpointPassthrough().EnableTokenEndpointPassthrough().EnableUserInfoEndpointPassthrough()
            // Plain http is acceptable on loopback only; a real provider is https and the app requires it by default.
            .DisableTransportSecurityRequirement();
    }

    /// <summary>Registers the app as a confidential client once its address (hence its redirect URI) is known.</summary>
    public Task RegisterConsentFlowAsync(Uri appBaseAddress) => RegisterAsync(new OpenIddictApplicationDescriptor
    {
        ClientId = ClinicClients.ConsentFlowId, ClientSecret = ClinicClients.ConsentFlowSecret, ClientType = ClientTypes.Confidential,
        RedirectUris = { new Uri(appBaseAddress, "signin-oidc") },
        Permissions =
        {
            Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.GrantTypes.AuthorizationCode,
            Permissions.ResponseTypes.Code, Permissions.Scopes.Profile, Permissions.Scopes.Email, Permissions.Scopes.Roles,
        },
        Requirements = { Requirements.Features.ProofKeyForCodeExchange },
    });

    private async Task RegisterAsync(OpenIddictApplicationDescriptor client)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(client);
    }

    /// <summary>Where a browser goes to sign in at the provider as <paramref name="person"/> (the provider's own session).</summary>
    public Uri SignInUri(ClinicPerson person) => new(Authority, $"session/{Uri.EscapeDataString(person.Subject)}");

    public Uri TokenEndpoint => new(Authority, "connect/token");

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            await _host.DisposeAsync();
        }
        await _keepAlive.DisposeAsync();
    }

    /// <summary>OpenIddict's entities only; the EF Core integration adds them through <c>UseOpenIddict()</c>.</summary>
    private sealed class ProviderStore(DbContextOptions<ProviderStore> options) : DbContext(options);
}
