using ConsentFlow.Web.Tests.Support;

namespace ConsentFlow.Web.Tests.Security;

/// <summary>Open screens notice within seconds (here) that their person may no longer work: a disabled account leaves the board.</summary>
public sealed class OpenSessionTests : IAsyncLifetime
{
    private readonly RunningApp _app = RunningApp.WithSettings(("ConsentFlow:Security:RevalidationSeconds", "1"));
    private readonly SharedChromium _chromium = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    [Fact]
    public async Task Disabling_an_account_ends_its_open_board_without_a_reload()
    {
        await using (var scope = _app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<Identity.Accounts.StaffAccounts>().AddAsync(
                new("leaving-nurse", "Sam Leaving", "RN", [Identity.Accounts.StaffRoles.Nurse], Web.Hosting.DemoStaff.Password), "tests", CancellationToken.None);
        var context = await _chromium.NewContextAsync(_app.BaseAddress, 1280, 900);
        var page = await context.NewPageAsync();
        await Chromium.SignInAsync(page, "leaving-nurse");
        await page.Locator("[data-testid=case-card]").First.WaitForAsync();

        await using (var scope = _app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<Identity.Accounts.StaffAccounts>().DisableAsync("leaving-nurse", "tests", CancellationToken.None);
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login", new() { Timeout = 20_000 });
        await context.CloseAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _app.DisposeAsync();
    }
}
