using ConsentFlow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace ConsentFlow.Web.Tests.Browser;

/// <summary>
/// A browser test on the shared app and chromium: its own context (cookies, storage, circuit) at one viewport, optionally
/// signed in as a demo account before the test starts.
/// </summary>
public abstract class BrowserTest(RunningApp app, SharedChromium chromium, int width, int height, string? signedInAs = null) : IAsyncLifetime
{
    protected RunningApp App => app;
    protected IBrowserContext Context { get; private set; } = null!;
    protected IPage Page { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Context = await chromium.NewContextAsync(app.BaseAddress, width, height);
        Page = await Context.NewPageAsync();
        if (signedInAs is not null) await Chromium.SignInAsync(Page, signedInAs);
    }

    public async Task DisposeAsync()
    {
        await Context.CloseAsync();
        // Remembered choices (language, filters) belong to the account, and the demo accounts are shared: one test's choice must not greet the next.
        await using var identity = await app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Identity.Storage.IdentityStoreContext>>().CreateDbContextAsync();
        await identity.UserPreferences.ExecuteDeleteAsync();
    }
}
