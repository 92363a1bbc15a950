namespace ConsentFlow.Web.Tests.Support;

/// <summary>One app node of several sharing a PostgreSQL database (and a data folder for the development seal).</summary>
public sealed class AppNode : IAsyncDisposable
{
    private readonly AppProcess _app;

    private AppNode(AppProcess app) => _app = app;

    public Uri BaseAddress => _app.BaseAddress;
    public int ProcessId => _app.ProcessId;
    public bool HasExited => _app.HasExited;

    public static async Task<AppNode> StartAsync(string postgresConnection, string dataFolder, bool seedDemo) =>
        new(await AppProcess.StartAsync(dataFolder,
            ("ConsentFlow:Database:Provider", "PostgreSql"), ("ConnectionStrings:ConsentFlow", postgresConnection),
            ("ConsentFlow:SeedDemo", seedDemo ? "true" : "false")));

    /// <summary>kill -9: no shutdown, no flushing, open requests and transactions cut where they are.</summary>
    public void KillHard() => _app.KillAsync().GetAwaiter().GetResult();

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
