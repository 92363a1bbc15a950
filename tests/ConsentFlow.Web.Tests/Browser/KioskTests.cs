using ConsentFlow.Web.Tests.Support;
using Microsoft.Playwright;
using static ConsentFlow.Web.Tests.Support.CaseDriver;

namespace ConsentFlow.Web.Tests.Browser;

/// <summary>The tablet handed to a patient shows that patient's consent and nothing else, and does not let go without staff.</summary>
[Collection(AppCollection.Name)]
public sealed class KioskTests(RunningApp app, SharedChromium chromium) : IAsyncLifetime
{
    private IBrowserContext? _context;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _context = await chromium.NewContextAsync(app.BaseAddress, 820, 1180);
        _page = await _context.NewPageAsync();
    }

    [Fact]
    public async Task A_locked_tablet_cannot_reach_the_board_another_patient_the_admin_pages_or_any_api()
    {
        var patientCase = await ReadyForTheTabletAsync();
        var other = await StartAsync(app);
        var otherTask = (await other.TaskAsync("imaging-review"))["id"];
        await HandOverAsync(patientCase);
        await Assertions.Expect(_page.GetByTestId("consent-text")).ToBeVisibleAsync();

        string[] escapes =
        [
            "/", "/inbox", "/admin", $"/cases/{patientCase.InstanceId}", $"/cases/{other.InstanceId}", $"/tasks/{otherTask}",
            $"/cases/{patientCase.InstanceId}/signing-session", "/api/cases", $"/api/cases/{other.InstanceId}", $"/api/cases/{patientCase.InstanceId}",
            $"/api/tasks?caseId={patientCase.CaseId}", $"/api/cases/{patientCase.InstanceId}/documents", "/api/definitions", "/api/audit/access",
            $"/fhir/Consent?patient=Patient/{patientCase.CaseId}", $"/fhir/QuestionnaireResponse?subject=Patient/{other.CaseId}",
        ];
        foreach (var path in escapes)
        {
            var response = await _page.GotoAsync(path);
            Assert.True(response?.Status == 403, $"{path} answered {response?.Status} on a locked tablet");
        }
        // Back through history reaches the staff hand-over page, which the tablet may not see either.
        await _page.GotoAsync("/kiosk");
        var back = await _page.GoBackAsync();
        Assert.True(back is null || back.Status == 403, $"history back answered {back?.Status}");
        // The tablet's own page still works: the patient's consent, nothing else.
        await _page.GotoAsync("/kiosk");
        await Assertions.Expect(_page.GetByTestId("consent-text")).ToBeVisibleAsync();
        await Assertions.Expect(_page.GetByText("Board")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_tablet_does_not_let_go_without_the_pin_or_a_staff_password()
    {
        var patientCase = await ReadyForTheTabletAsync();
        await HandOverAsync(patientCase);

        await _page.GotoAsync("/kiosk/locked");
        await _page.GetByLabel("Session PIN").FillAsync("0000");
        await _page.GetByTestId("kiosk-end").ClickAsync();
        await Assertions.Expect(_page.GetByTestId("kiosk-exit-error")).ToBeVisibleAsync();
        // A patient's guess at a staff password fails the same way.
        await _page.GetByLabel("User name").FillAsync(Nurse);
        await _page.GetByLabel("Password").FillAsync("guessing a password");
        await _page.GetByTestId("kiosk-end").ClickAsync();
        await Assertions.Expect(_page.GetByTestId("kiosk-exit-error")).ToBeVisibleAsync();
        // A scheduler's real password does not end a signing session either: only nurses and surgeons run them.
        await _page.GetByLabel("User name").FillAsync(Scheduler);
        await _page.GetByLabel("Password").FillAsync(Web.Hosting.DemoStaff.Password);
        await _page.GetByTestId("kiosk-end").ClickAsync();
        await Assertions.Expect(_page.GetByTestId("kiosk-exit-error")).ToBeVisibleAsync();
        var stillLocked = await _page.GotoAsync("/");
        Assert.Equal(403, stillLocked!.Status);

        await _page.GotoAsync("/kiosk/locked");
        await _page.GetByLabel("Session PIN").FillAsync(KioskPin);
        await _page.GetByTestId("kiosk-end").ClickAsync();
        await _page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login");
        await Assertions.Expect(_page.GetByTestId("sign-in-message")).ToContainTextAsync("signing session has ended");
        // Ended means ended: the board needs a staff sign-in again, and the tablet page is gone.
        await _page.GotoAsync("/");
        await _page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login");
        await _page.GotoAsync("/kiosk");
        await _page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login");
    }

    [Fact]
    public async Task After_signing_the_tablet_returns_to_its_lock_screen_never_to_a_staff_page()
    {
        var patientCase = await ReadyForTheTabletAsync();
        await HandOverAsync(patientCase);
        await _page.Locator("[data-field=printedName] input").FillAsync("Riley Testcase");
        await DrawSignatureAsync();
        await _page.GetByTestId("kiosk-sign").ClickAsync();
        await Assertions.Expect(_page.GetByTestId("kiosk-done")).ToBeVisibleAsync();
        await _page.GetByTestId("kiosk-finish").ClickAsync();
        await _page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/kiosk/locked");
        await Assertions.Expect(_page.GetByText("Please hand the tablet to the staff")).ToBeVisibleAsync();
        await Assertions.Expect(_page.GetByTestId("kiosk-identity")).ToHaveCountAsync(0);

        var witness = await patientCase.TaskAsync("consent-signature", "witness");
        Assert.NotNull(witness);
    }

    private async Task<CaseDriver> ReadyForTheTabletAsync()
    {
        var patientCase = await StartAsync(app);
        await patientCase.SubmitOkAsync("consent-discussion", Surgeon);
        await patientCase.SubmitOkAsync("teach-back", Nurse);
        return patientCase;
    }

    /// <summary>The nurse signs in on the tablet, checks identity and locks it to the case.</summary>
    private async Task HandOverAsync(CaseDriver patientCase)
    {
        await Chromium.SignInAsync(_page, Nurse, returnUrl: $"/cases/{patientCase.InstanceId}");
        await _page.GetByTestId("start-kiosk").ClickAsync();
        await _page.GetByLabel("The patient told me their name").CheckAsync();
        await _page.GetByLabel("I checked the signer's photo ID").CheckAsync();
        await _page.GetByLabel("Exit PIN for this session").FillAsync(KioskPin);
        await _page.GetByLabel("No sedative or opioid charted as given").CheckAsync();
        await _page.GetByTestId("kiosk-start-submit").ClickAsync();
        await _page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/kiosk");
    }

    private async Task DrawSignatureAsync()
    {
        var pad = _page.GetByTestId("signature-pad");
        await pad.ScrollIntoViewIfNeededAsync();
        var box = (await pad.BoundingBoxAsync())!;
        await _page.Mouse.MoveAsync(box.X + 20, box.Y + 80);
        await _page.Mouse.DownAsync();
        foreach (var (dx, dy) in new[] { (60, 40), (120, 100), (180, 50), (260, 110) }) await _page.Mouse.MoveAsync(box.X + dx, box.Y + dy, new() { Steps = 4 });
        await _page.Mouse.UpAsync();
    }

    public async Task DisposeAsync()
    {
        if (_context is not null) await _context.CloseAsync();
    }
}

/// <summary>Unattended screens, on an app with idle times of seconds.</summary>
public sealed class IdleScreenTests : IAsyncLifetime
{
    private readonly RunningApp _app = RunningApp.WithSettings(("ConsentFlow:Security:KioskIdleMinutes", "0.05"), ("ConsentFlow:Security:IdleTimeoutMinutes", "0.08"));
    private readonly SharedChromium _chromium = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    [Fact]
    public async Task An_idle_staff_screen_signs_out_and_an_idle_tablet_returns_to_its_lock_screen()
    {
        var context = await _chromium.NewContextAsync(_app.BaseAddress, 820, 1180);
        var page = await context.NewPageAsync();
        await Chromium.SignInAsync(page, Nurse);
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login", new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("sign-in-message")).ToContainTextAsync("without activity");

        var patientCase = await StartAsync(_app);
        await patientCase.SubmitOkAsync("consent-discussion", Surgeon);
        await patientCase.SubmitOkAsync("teach-back", Nurse);
        await Chromium.SignInAsync(page, Nurse, returnUrl: $"/cases/{patientCase.InstanceId}/signing-session");
        await page.GetByLabel("The patient told me their name").CheckAsync();
        await page.GetByLabel("I checked the signer's photo ID").CheckAsync();
        await page.GetByLabel("Exit PIN for this session").FillAsync(KioskPin);
        await page.GetByLabel("No sedative or opioid charted as given").CheckAsync();
        await page.GetByTestId("kiosk-start-submit").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/kiosk/locked", new() { Timeout = 20_000 });
        await context.CloseAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _app.DisposeAsync();
    }
}
