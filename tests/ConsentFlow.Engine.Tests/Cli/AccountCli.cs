using ConsentFlow.Storage.Sqlite;
using ConsentFlow.Cli;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Identity;
using ConsentFlow.Identity.ApiKeys;
using ConsentFlow.Identity.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFlow.Engine.Tests.Cli;

/// <summary>
/// The account commands run in-process on one SQLite file of a new installation (its folder does not exist yet), and the
/// same store opened the way the web host opens it, to check what the commands left behind.
/// </summary>
internal sealed class AccountCli : IDisposable
{
    public const string Password = "correct horse battery staple";

    private readonly TempFolder _folder = new();

    public string DataFolder => _folder.File("data");
    public string Database => _folder.File("data/consentflow.db");
    public StorageProvider Storage => SqliteStorage.File(Database);

    /// <summary><c>consentflow GROUP SUBCOMMAND --db DATABASE OPTIONS...</c>, with <paramref name="standardInput"/> piped in.</summary>
    public async Task<CliRun> RunAsync(string group, string subcommand, string[] options, string standardInput = "")
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new CliConsole(output, error) { In = new StringReader(standardInput) };
        var code = await CliApp.RunAsync([group, subcommand, "--db", Database, .. options], console, CancellationToken.None);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public Task<CliRun> AddUserAsync(string userName, string roles, string password = Password) =>
        RunAsync("users", "add", ["--user", userName, "--name", $"{userName} Example", "--roles", roles, "--password-stdin"], password + "\n");

    public async Task<string> CreateKeyAsync(string userName, string scopes)
    {
        var run = await RunAsync("apikey", "create", ["--user", userName, "--scopes", scopes]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Out.Trim();
    }

    /// <summary>What the web host will do with a presented key.</summary>
    public async Task<ApiKeyIdentity?> AuthenticateAsync(string key)
    {
        await using var services = Services();
        return await services.GetRequiredService<ApiKeyService>().AuthenticateAsync(key, CancellationToken.None);
    }

    public ServiceProvider Services()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddConsentFlowIdentityStore(Storage);
        return services.BuildServiceProvider();
    }

    public IdentityStoreContext OpenStore() => IdentityStoreSetup.CreateContext(Storage);

    public void Dispose() => _folder.Dispose();
}
