using ConsentFlow.Web.Hosting;
using ConsentFlow.Web.Tests.Support;
using Microsoft.Playwright;

namespace ConsentFlow.Web.Tests.Security;

/// <summary>An administrator adds a colleague in the app; the change needs the administrator's own password.</summary>
[Collection(AppCollection.Name)]
public sealed class UserAdministrationUiTests(RunningApp app, SharedChromium chromium) : IAsyncLifetime
{
    private IBrowserContext? _context;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _context = await chromium.NewContextAsync(app.BaseAddress, 1280, 900);
        _page = await _context.NewPageAsync();
    }

    [Fact]
    public async Task An_administrator_adds_an_account_only_after_confirming_with_their_password()
    {
        await Chromium.SignInAsync(_page, CaseDriver.Administrator, returnUrl: "/admin/users");
        await Assertions.Expect(_page.Locator("[data-user=nurse]")).ToContainTextAsync("Jordan Lee, RN");

        await _page.GetByLabel("User name").FillAsync("ui-added-nurse");
        await _page.GetByLabel("Full name").FillAsync("Kai Doe");
        await _page.GetByLabel("Initial password (12+ characters)").FillAsync("a first password of length");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Add account" }).ClickAsync();
        await Assertions.Expect(_page.GetByText("enter your own current password again")).ToBeVisibleAsync();

        await _page.GetByLabel("Your password (asked for every change) *").FillAsync(DemoStaff.Password);
        await _page.GetByRole(AriaRole.Button, new() { Name = "Add account" }).ClickAsync();
        // No role chosen: the account service names the field.
        await Assertions.Expect(_page.GetByText("roles:")).ToBeVisibleAsync();
        Assert.Equal(0, await _page.Locator("[data-user=ui-added-nurse]").CountAsync());

        await _page.GetByLabel("Roles").First.ClickAsync();
        await _page.GetByRole(AriaRole.Option, new() { Name = "nurse", Exact = true }).ClickAsync();
        await _page.Keyboard.PressAsync("Escape");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Add account" }).ClickAsync();
        await Assertions.Expect(_page.Locator("[data-user=ui-added-nurse]")).ToContainTextAsync("Kai Doe");
    }

    public async Task DisposeAsync()
    {
        if (_context is not null) await _context.CloseAsync();
    }
}
