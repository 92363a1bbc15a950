using System.Diagnostics;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ConsentFlow.Bench.Harness;
using Microsoft.Playwright;

namespace ConsentFlow.Bench.Board;

/// <summary>
/// The board in a real browser: the web app on the seeded file, Debian's headless chromium signed in as the demo nurse.
/// Time to interactive = from navigation to "/" until the cards are shown and the live circuit answers a click (the
/// Blocked chip filters the list). Timers are off so the file is only read.
/// </summary>
public static class BoardBrowser
{
    public const double TargetMs = 1000;
    private const string ChromiumPath = "/usr/bin/chromium";

    public static async Task<LatencySummary?> MeasureAsync(string databaseFile, int runs)
    {
        if (!File.Exists(ChromiumPath))
        {
            Console.WriteLine($"browser: {ChromiumPath} is missing, skipped (apt-get install -y chromium)");
            return null;
        }
        var root = WorkflowsFolder.FindAbove(Directory.GetCurrentDirectory(), AppContext.BaseDirectory) is { } workflows
            ? Path.GetDirectoryName(workflows)! : throw new InvalidOperationException("cannot find the repository");
        var dataFolder = Path.Combine(Path.GetTempPath(), "consentflow-bench", "board-web");
        var app = ConsentFlowApp.Create(
            ["--urls", "http://127.0.0.1:0", "--environment", "Development", "--contentRoot", Path.Combine(root, "src", "ConsentFlow.Web")],
            builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:ConsentFlow"] = $"Data Source={Path.GetFullPath(databaseFile)};Pooling=True;Default Timeout=30",
                ["ConsentFlow:DataFolder"] = dataFolder,
                ["ConsentFlow:WorkflowsFolder"] = Path.Combine(root, "workflows"),
                ["ConsentFlow:SeedDemo"] = "true", // the demo accounts; cases are skipped because the file has some
                ["ConsentFlow:RunTimers"] = "false",
                ["ConsentFlow:Clinic:TimeZone"] = Engine.Scenarios.SyntheticClinic.TimeZoneId,
                ["ConsentFlow:Security:SignInPermitsPerMinute"] = "1000",
                ["Logging:LogLevel:Default"] = "Warning",
            }));
        await app.PrepareAsync();
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath, Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = address, ViewportSize = new() { Width = 1280, Height = 900 } });
            context.SetDefaultTimeout(30_000);
            var page = await context.NewPageAsync();
            await page.GotoAsync("/account/login?returnUrl=%2F");
            await page.GetByLabel("User name").FillAsync("nurse");
            await page.GetByLabel("Password").FillAsync(DemoStaff.Password);
            await page.GetByTestId("sign-in").ClickAsync();
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");

            var recorder = new LatencyRecorder(runs);
            for (var i = 0; i < runs + 2; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await page.GotoAsync("/", new() { WaitUntil = WaitUntilState.Commit });
                await page.Locator("[data-testid=case-card]").First.WaitForAsync();
                // Interactive once a click is answered: before the circuit is up, a click does nothing, so click until it does.
                while (true)
                {
                    await page.GetByTestId("count-blocked").ClickAsync();
                    try
                    {
                        await page.WaitForFunctionAsync(
                            "() => { const cards = [...document.querySelectorAll('.case-card')]; return cards.length > 0 && cards.every(c => c.classList.contains('state-blocked')); }",
                            null, new() { Timeout = 250, PollingInterval = 10 });
                        break;
                    }
                    catch (TimeoutException) { }
                }
                var elapsed = Stopwatch.GetTimestamp() - started;
                if (i >= 2) recorder.Record(elapsed); // the first loads warm the server's JIT and the browser's cache
            }
            return recorder.Summarize();
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
