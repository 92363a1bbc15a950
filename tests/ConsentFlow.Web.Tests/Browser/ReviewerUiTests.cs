using System.Text.Json.Nodes;
using ConsentFlow.Web.Tests.Support;
using Microsoft.Playwright;

namespace ConsentFlow.Web.Tests.Browser;

[Collection(AppCollection.Name)]
public sealed class ReviewerUiTests(RunningApp app, SharedChromium chromium) : IAsyncLifetime
{
    private IBrowserContext? _context;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _context = await chromium.NewContextAsync(app.BaseAddress, 1024, 768);
        _page = await _context.NewPageAsync();
    }

    [Fact]
    public async Task A_surgeon_overrides_a_hard_stop_only_with_a_written_reason()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        using (var imaging = await patientCase.SubmitAsync("imaging-review", CaseDriver.Nurse, new JsonObject { ["level"] = "L5-S1" }))
            await ApiClient.ReadAsync(imaging, 200);
        var overrideTask = (await patientCase.OpenTasksAsync()).First(t => t!["kind"]!.GetValue<string>() == "Override")!;

        await Chromium.SignInAsync(_page, CaseDriver.Surgeon);
        await _page.GotoAsync($"/tasks/{overrideTask["id"]}");
        await Assertions.Expect(_page.GetByTestId("override-reasons")).ToContainTextAsync("Imaging shows L5-S1 but the case is booked at L4-L5");
        await _page.GetByLabel("Your password *").FillAsync(Web.Hosting.DemoStaff.Password);

        await _page.GetByLabel("Written reason for overriding *").FillAsync("ok");
        await _page.GetByTestId("submit-task").ClickAsync();
        await Assertions.Expect(_page.GetByText("a written reason of at least 10 characters")).ToBeVisibleAsync();
        await _page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "override.png"), FullPage = true });

        await _page.GetByLabel("Written reason for overriding *").FillAsync("Re-read the MRI with radiology: transitional vertebra, L4-L5 is correct.");
        await _page.GetByLabel("Your password *").FillAsync("not my password at all");
        await _page.GetByTestId("submit-task").ClickAsync();
        await Assertions.Expect(_page.GetByText("enter your own current password again")).ToBeVisibleAsync();
        await _page.GetByLabel("Your password *").FillAsync(Web.Hosting.DemoStaff.Password);
        await _page.GetByTestId("submit-task").ClickAsync();
        await Assertions.Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/cases/{patientCase.InstanceId}$"));
        Assert.DoesNotContain(await patientCase.OpenTasksAsync(), t => t!["kind"]!.GetValue<string>() == "Override");
    }

    [Fact]
    public async Task The_admin_page_validates_the_published_definition()
    {
        await Chromium.SignInAsync(_page, CaseDriver.Administrator, returnUrl: "/admin");
        await Assertions.Expect(_page.Locator("table")).ToContainTextAsync("peld-consent");
        await Assertions.Expect(_page.Locator(".json-editor textarea")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("\"id\": *\"peld-consent\""));
        await _page.GetByRole(AriaRole.Button, new() { Name = "Validate" }).ClickAsync();
        await Assertions.Expect(_page.GetByText("Valid: peld-consent")).ToBeVisibleAsync();
    }

    public async Task DisposeAsync()
    {
        if (_context is not null) await _context.CloseAsync();
    }
}
