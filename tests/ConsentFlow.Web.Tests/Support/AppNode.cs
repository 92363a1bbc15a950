using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ConsentFlow.Web.Tests.Support;

/// <summary>
/// One app node as production runs it: the built ConsentFlow.Web in its own process, configured by environment
/// variables, on a free port. Several nodes share a database (and a data folder for the development seal).
/// </summary>
public sealed class AppNode : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppNode(string name, Process process, Uri baseAddress)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
    }

    public string Name { get; }
    public Uri BaseAddress { get; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>Starts the node and waits until <c>/health/ready</c> answers (migrations, publishing and seeding done).</summary>
    public static async Task<AppNode> StartAsync(string name, string postgresConnection, string dataFolder, bool seedDemo)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.WebProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(WebAssembly());
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConsentFlow__Database__Provider"] = "PostgreSql",
            ["ConnectionStrings__ConsentFlow"] = postgresConnection,
            ["ConsentFlow__DataFolder"] = dataFolder,
            ["ConsentFlow__WorkflowsFolder"] = RepositoryPaths.Workflows,
            ["ConsentFlow__SeedDemo"] = seedDemo ? "true" : "false",
            // The tests are many callers behind one address; the limits themselves are tested elsewhere.
            ["ConsentFlow__Security__SignInPermitsPerMinute"] = "100000",
            ["ConsentFlow__Security__ApiPermitsPerMinute"] = "1000000",
            ["Logging__LogLevel__Default"] = "Warning",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException($"node {name} did not start");
        var node = new AppNode(name, process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, line) => node.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => node.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await node.WaitUntilReadyAsync();
        return node;
    }

    /// <summary>kill -9: no shutdown, no flushing, open requests and transactions cut where they are.</summary>
    public void KillHard()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public string RecentOutput()
    {
        lock (_output) return _output.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) KillHard();
        _process.Dispose();
        await Task.CompletedTask;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.AppendLine(line);
            if (_output.Length > 20_000) _output.Remove(0, _output.Length - 20_000);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"node {Name} exited with {_process.ExitCode}:\n{RecentOutput()}");
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/health/ready"));
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"node {Name} was not ready within {StartTimeout}:\n{RecentOutput()}");
    }

    /// <summary>The web app built beside this test assembly's configuration (bin/Debug or bin/Release).</summary>
    private static string WebAssembly()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(RepositoryPaths.WebProject, "bin", configuration, "net10.0", "ConsentFlow.Web.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first: the app nodes run the built web app.", path);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
