using System.Security.Claims;
using Bunit;
using ConsentFlow.Engine;
using ConsentFlow.Engine.Publishing;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Identity.Accounts;
using ConsentFlow.Identity.Audit;
using ConsentFlow.Storage.Sqlite;
using ConsentFlow.Web.Security;
using ConsentFlow.Web.Studio.Publishing;
using ConsentFlow.Web.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace ConsentFlow.Web.Tests.Studio.Publishing;

/// <summary>
/// A bUnit context for the publishing components: a real engine on a fresh SQLite file with the default workflow
/// published, the studio's services over it, a scenario folder holding the two apixaban scenarios, and a signed-in
/// administrator. Password confirmation is not exercised here (the API tests do that through the real sign-in).
/// </summary>
public sealed class StudioComponents : IAsyncDisposable
{
    public const string AdminId = "admin-1";
    public static readonly Actor Admin = new(AdminId, "administrator");

    private readonly string _folder;

    private StudioComponents(string folder, ConsentFlowEngine engine)
    {
        _folder = folder;
        Engine = engine;
        var scenarios = new PublicationScenarios(new PublicationScenarioOptions(Path.Combine(folder, "scenarios"),
            scratch => SqliteStorage.File(Path.Combine(scratch, "scenario.db"))));
        var impact = new PublicationImpact(engine.Contexts, engine.Catalog, TimeProvider.System);
        Publications = new Publications(engine.Catalog, scenarios, impact);

        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices();
        Context.Services.AddSingleton(engine.Catalog);
        Context.Services.AddSingleton(scenarios);
        Context.Services.AddSingleton(impact);
        Context.Services.AddSingleton(Publications);
        Context.Services.AddSingleton(new PublicationOverrides(engine.Contexts, scenarios, TimeProvider.System));
        Context.Services.AddSingleton(new PublicationHistory(engine.Contexts, engine.Catalog));
        Context.Services.AddSingleton<StaffNames>();
        // Constructed for injection only: these components call them just for password confirmation and screen audits, which these tests do not reach.
        Context.Services.AddSingleton(new AccessAudit(null!, TimeProvider.System, NullLogger<AccessAudit>.Instance));
        Context.Services.AddSingleton(provider => new Reauthentication(provider.GetRequiredService<IServiceScopeFactory>(),
            new SecurityAudit(null!, TimeProvider.System), Options.Create(new SecurityOptions()), TimeProvider.System));
        Context.Services.AddSingleton<UiGuard>();
        var authorization = Context.AddAuthorization();
        authorization.SetAuthorized("admin");
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, AdminId));
        authorization.SetPolicies(Policies.DesignWorkflows);
    }

    public BunitContext Context { get; } = new();
    public ConsentFlowEngine Engine { get; }
    public Publications Publications { get; }

    public static string DefaultJson => File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, "peld-consent.workflow.json"));

    public static string Edit(string find, string replaceWith)
    {
        var changed = DefaultJson.Replace(find, replaceWith);
        Assert.NotEqual(DefaultJson, changed);
        return changed;
    }

    public static async Task<StudioComponents> StartAsync()
    {
        var folder = Path.GetDirectoryName(ScenarioFolders.Copy("apixaban-last-taken-2-days-before-is-a-hard-stop.scenario.json",
            "apixaban-last-taken-3-days-before-is-allowed.scenario.json"))!;
        var engine = await ConsentFlowEngine.OpenAsync(SqliteStorage.File(Path.Combine(folder, "consentflow.db")), TimeProvider.System, CancellationToken.None);
        await engine.Catalog.PublishAsync(DefaultJson, "peld-consent.workflow.json", Admin, CancellationToken.None);
        return new StudioComponents(folder, engine);
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
