using Microsoft.Playwright;

namespace ConsentFlow.Web.Tests.Support;

/// <summary>Headless Debian chromium driven by Playwright. Browsers are never downloaded: .ci/run installs the system package.</summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        if (!File.Exists(ExecutablePath))
            Assert.Fail($"{ExecutablePath} is missing. The browser tests use the system chromium; .ci/run installs it (apt-get install -y chromium).");
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return (playwright, browser);
    }

    /// <summary>Signs in through the sign-in page, as a person would, and waits for the board or the page asked for.</summary>
    public static async Task SignInAsync(IPage page, string userName, string password = Web.Hosting.DemoStaff.Password, string returnUrl = "/")
    {
        await page.GotoAsync($"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByTestId("sign-in").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == returnUrl);
    }

    public static string ScreenshotFolder
    {
        get
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }
}

/// <summary>
/// One chromium for the whole collection, launched on first use; each test gets its own context (cookies, storage,
/// circuit), which is as isolated as a new browser and costs milliseconds instead of a launch.
/// </summary>
public sealed class SharedChromium : IAsyncLifetime
{
    private readonly SemaphoreSlim _launch = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task<IBrowserContext> NewContextAsync(Uri baseAddress, int width, int height)
    {
        await _launch.WaitAsync();
        try
        {
            if (_browser is null) (_playwright, _browser) = await Chromium.LaunchAsync();
        }
        finally
        {
            _launch.Release();
        }
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString(), ViewportSize = new() { Width = width, Height = height } });
        context.SetDefaultTimeout(15_000);
        return context;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
