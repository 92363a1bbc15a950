using System.Text.Json.Nodes;
using ConsentFlow.Web.Tests.Support;
using Microsoft.Playwright;

namespace ConsentFlow.Web.Tests.Browser;

[Collection(AppCollection.Name)]
public sealed class NurseUiTests(RunningApp app) : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        (_playwright, _browser) = await Chromium.LaunchAsync();
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        _page = await context.NewPageAsync();
    }

    [Fact]
    public async Task The_board_shows_each_patient_with_readiness_and_blockers()
    {
        await _page.GotoAsync("/");
        var cards = _page.Locator("[data-testid=case-card]");
        await cards.First.WaitForAsync();

        var mismatch = cards.Filter(new() { HasText = "DEMO-0003" });
        await Assertions.Expect(mismatch.Locator("[data-testid=readiness-chip]")).ToContainTextAsync("Blocked");
        await Assertions.Expect(mismatch.Locator("[data-testid=blockers]")).ToContainTextAsync("Imaging shows L5-S1");
        await _page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "board.png"), FullPage = true });

        // The language toggle relabels readiness without a reload.
        await _page.GetByRole(AriaRole.Button, new() { Name = "ES", Exact = true }).ClickAsync();
        await Assertions.Expect(mismatch.Locator("[data-testid=readiness-chip]")).ToContainTextAsync("Bloqueado");
    }

    [Fact]
    public async Task A_nurse_completes_teach_back_from_the_inbox_and_sees_errors_beside_fields_first()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        await patientCase.SubmitOkAsync("consent-discussion", CaseDriver.Surgeon);

        await _page.GotoAsync("/inbox");
        var row = _page.Locator("[data-testid=inbox-task]").Filter(new() { HasText = patientCase.Mrn }).Filter(new() { HasText = "Teach-back" });
        await row.ClickAsync();
        await _page.Locator("[data-field=levelAndSide]").WaitForAsync();

        // Save with one answer missing: the server's error appears under that field.
        foreach (var field in new[] { "levelAndSide", "aRisk", "anAlternative" })
            await _page.Locator($"[data-field={field}]").GetByText("Yes", new() { Exact = true }).ClickAsync();
        await _page.GetByTestId("submit-task").ClickAsync();
        await Assertions.Expect(_page.Locator("[data-field=rightToWithdraw] .field-error")).ToContainTextAsync("is required");
        await _page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "task-form-errors.png"), FullPage = true });

        await _page.Locator("[data-field=rightToWithdraw]").GetByText("Yes", new() { Exact = true }).ClickAsync();
        await _page.GetByTestId("submit-task").ClickAsync();
        await Assertions.Expect(_page).ToHaveURLAsync(CasePage(patientCase));
        await Assertions.Expect(_page.GetByText("Sign consent (patient)").First).ToBeVisibleAsync();
        await _page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "case-page.png"), FullPage = true });

        var next = await patientCase.TaskAsync("consent-signature", "patient");
        Assert.Equal("Signature", next["kind"]!.GetValue<string>());
        var steps = (await patientCase.OpenTasksAsync()).Select(t => t!["stepId"]!.GetValue<string>());
        Assert.DoesNotContain("teach-back", steps);
    }

    [Fact]
    public async Task The_patient_signs_on_the_signature_pad()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        await patientCase.SubmitOkAsync("consent-discussion", CaseDriver.Surgeon);
        await patientCase.SubmitOkAsync("teach-back", CaseDriver.Nurse);
        var task = await patientCase.TaskAsync("consent-signature", "patient");

        await _page.GotoAsync($"/tasks/{task["id"]}");
        await _page.Locator("[data-testid=role-picker]").ClickAsync();
        await _page.GetByRole(AriaRole.Option, new() { Name = "patient", Exact = true }).ClickAsync();
        await _page.Locator("[data-field=printedName] input").FillAsync("Riley Testcase");
        var pad = _page.GetByTestId("signature-pad");
        var box = (await pad.BoundingBoxAsync())!;
        await _page.Mouse.MoveAsync(box.X + 20, box.Y + 80);
        await _page.Mouse.DownAsync();
        foreach (var (dx, dy) in new[] { (60, 40), (120, 100), (180, 50), (260, 110) }) await _page.Mouse.MoveAsync(box.X + dx, box.Y + dy, new() { Steps = 4 });
        await _page.Mouse.UpAsync();
        await Assertions.Expect(pad).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("signed"));
        await _page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "signature.png"), FullPage = true });

        await _page.GetByTestId("submit-task").ClickAsync();
        await Assertions.Expect(_page).ToHaveURLAsync(CasePage(patientCase));
        await patientCase.TaskAsync("consent-signature", "witness");
    }

    // Blazor navigates in-page (no load event), so the URL is polled rather than awaited as a navigation.
    private static System.Text.RegularExpressions.Regex CasePage(CaseDriver patientCase) => new($"/cases/{patientCase.InstanceId}$");

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
