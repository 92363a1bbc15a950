using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConsentFlow.Bench.Documents;

/// <summary>
/// One long-lived headless Chromium driven over the DevTools protocol: the "warm" peer, which pays
/// browser start-up once, as a print service would. Only the few commands printing needs.
/// </summary>
internal sealed class ChromiumDevTools : IAsyncDisposable
{
    readonly Process _process;
    readonly ClientWebSocket _socket = new();
    readonly string _profile;
    int _nextId;
    string _sessionId = "";

    ChromiumDevTools(Process process, string profile) => (_process, _profile) = (process, profile);

    public static async Task<ChromiumDevTools> StartAsync(string chromium, TimeSpan timeout)
    {
        var profile = Directory.CreateTempSubdirectory("consentflow-bench-chromium-").FullName;
        var start = new ProcessStartInfo(chromium) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in ChromiumCli.CommonArguments.Append("--remote-debugging-port=0").Append($"--user-data-dir={profile}").Append("about:blank"))
            start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        // Chromium writes the chosen port and the browser endpoint path to DevToolsActivePort.
        var portFile = Path.Combine(profile, "DevToolsActivePort");
        var deadline = DateTime.UtcNow + timeout;
        while (!File.Exists(portFile) || File.ReadAllLines(portFile).Length < 2)
        {
            if (DateTime.UtcNow > deadline || process.HasExited)
                throw new InvalidOperationException("Chromium did not open its DevTools port");
            await Task.Delay(50);
        }

        var lines = File.ReadAllLines(portFile);
        var devTools = new ChromiumDevTools(process, profile);
        await devTools._socket.ConnectAsync(new Uri($"ws://127.0.0.1:{lines[0]}{lines[1]}"), CancellationToken.None);
        var target = await devTools.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, session: false);
        var attached = await devTools.SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, session: false);
        devTools._sessionId = attached["sessionId"]!.GetValue<string>();
        await devTools.SendAsync("Page.enable", new JsonObject());
        return devTools;
    }

    /// <summary>Loads the HTML file and prints it; returns the PDF bytes.</summary>
    public async Task<byte[]> PrintAsync(string htmlFile)
    {
        await SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(htmlFile).AbsoluteUri }, waitForEvent: "Page.loadEventFired");
        var pdf = await SendAsync("Page.printToPDF", new JsonObject
        {
            ["paperWidth"] = 8.5, ["paperHeight"] = 11, ["printBackground"] = true, ["preferCSSPageSize"] = true,
            ["displayHeaderFooter"] = true, ["headerTemplate"] = "<span></span>",
            ["footerTemplate"] = "<div style=\"font-size:8px;width:100%;text-align:right;margin-right:54px\">Page <span class=\"pageNumber\"></span> of <span class=\"totalPages\"></span></div>",
        });
        return Convert.FromBase64String(pdf["data"]!.GetValue<string>());
    }

    /// <summary>Sends one command and reads messages until its reply (and, if asked, the given event) arrived.</summary>
    async Task<JsonObject> SendAsync(string method, JsonObject parameters, bool session = true, string? waitForEvent = null)
    {
        var id = ++_nextId;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        if (session)
            message["sessionId"] = _sessionId;
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);

        JsonObject? result = null;
        var eventSeen = waitForEvent is null;
        while (result is null || !eventSeen)
        {
            var reply = await ReceiveAsync();
            if (waitForEvent is not null && reply["method"]?.GetValue<string>() == waitForEvent)
                eventSeen = true;
            if (reply["id"]?.GetValue<int>() != id)
                continue;
            if (reply["error"] is { } error)
                throw new InvalidOperationException($"DevTools {method} failed: {error.ToJsonString()}");
            result = reply["result"]!.AsObject();
        }

        return result;
    }

    async Task<JsonObject> ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
            message.Write(buffer, 0, result.Count);
        } while (!result.EndOfMessage);
        return JsonNode.Parse(message.ToArray())!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        try { await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None); } catch (WebSocketException) { }
        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { }
    }
}
