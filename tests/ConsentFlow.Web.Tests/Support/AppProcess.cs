using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ConsentFlow.Web.Hosting;

namespace ConsentFlow.Web.Tests.Support;

/// <summary>
/// The built app (<c>dotnet ConsentFlow.Web.dll</c>) as its own operating-system process, on a SQLite file in its data
/// folder unless the settings choose another database, so a test can kill it with SIGKILL and start it again.
/// </summary>
public sealed class AppProcess : ITestApp, IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Dictionary<string, Task<ApiClient>> _signedIn = [];

    private AppProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string Output => string.Join('\n', _output);

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts the app with demo data and <paramref name="settings"/> (configuration keys; a later key wins) and waits
    /// until it is ready: migrations applied, workflows published, demo data seeded.
    /// </summary>
    public static async Task<AppProcess> StartAsync(string dataFolder, params (string Key, string Value)[] settings)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.WebProject,
        };
        start.ArgumentList.Add(WebAssembly());
        foreach (var argument in new[] { "--urls", $"http://127.0.0.1:{port}", "--environment", "Development", "--contentRoot", RepositoryPaths.WebProject })
            start.ArgumentList.Add(argument);
        var configuration = new List<(string, string)>
        {
            ("ConsentFlow:DataFolder", dataFolder), ("ConsentFlow:WorkflowsFolder", RepositoryPaths.Workflows), ("ConsentFlow:SeedDemo", "true"),
            // The tests are many callers behind one address; the limits themselves are tested elsewhere.
            ("ConsentFlow:Security:SignInPermitsPerMinute", "100000"), ("ConsentFlow:Security:ApiPermitsPerMinute", "1000000"),
            ("Logging:LogLevel:Default", "Warning"),
        };
        configuration.AddRange(settings);
        foreach (var (key, value) in configuration) start.ArgumentList.Add($"--{key}={value}");

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) app._output.Enqueue(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) app._output.Enqueue(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await app.WaitUntilReadyAsync();
        return app;
    }

    public Task<ApiClient> ClientAsync(string userName)
    {
        lock (_signedIn)
        {
            if (!_signedIn.TryGetValue(userName, out var client))
                _signedIn[userName] = client = ApiClient.SignInAsync(BaseAddress, userName, DemoStaff.Password);
            return client;
        }
    }

    /// <summary>Waits until the app wrote a line containing <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"The app never wrote '{text}'. Output:\n{Output}");
            if (_process.HasExited) throw new InvalidOperationException($"The app exited ({_process.ExitCode}). Output:\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, exactly like a power cut for the process.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The app exited ({_process.ExitCode}) during start-up. Output:\n{Output}");
            try
            {
                using var ready = await http.GetAsync("/health/ready");
                if (ready.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > until) throw new TimeoutException($"The app did not answer within two minutes. Output:\n{Output}");
            await Task.Delay(250);
        }
    }

    /// <summary>The web app built beside these tests (same configuration: Debug or Release).</summary>
    private static string WebAssembly()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/<tfm>/
        var framework = new DirectoryInfo(AppContext.BaseDirectory).Name;
        var path = Path.Combine(RepositoryPaths.WebProject, "bin", configuration, framework, "ConsentFlow.Web.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build src/ConsentFlow.Web first.", path);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
