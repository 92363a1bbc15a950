using ConsentFlow.Web.Tests.Support;
using Microsoft.Playwright;
using static ConsentFlow.Web.Tests.Support.CaseDriver;

namespace ConsentFlow.Web.Tests.Browser;

/// <summary>The tablet handed to a patient shows that patient's consent and nothing else, and does not let go without staff.</summary>
[Collection(AppCollection.Name)]
public sealed class KioskTests(RunningApp app, SharedChromium chromium) : BrowserTest(app, chromium, 820, 1180)
{
    [Fact]
    public async Task A_locked_tablet_cannot_reach_the_board_another_patient_the_adminPages_or_any_api()
    {
        var patientCase = await ReadyForTheTabletAsync();
        var other = await StartAsync(App);
        var otherTask = (await other.TaskAsync("imaging-review"))["id"];
        await HandOverAsync(patientCase);
        await Assertions.Expect(Page.GetByTestId("consent-text")).ToBeVisibleAsync();

        string[] escapes =
        [
            "/", "/inbox", "/admin", $"/cases/{patientCase.InstanceId}", $"/cases/{other.InstanceId}", $"/tasks/{otherTask}",
            $"/cases/{patientCase.InstanceId}/signing-session", "/api/v1/cases", $"/api/v1/cases/{other.InstanceId}", $"/api/v1/cases/{patientCase.InstanceId}",
            $"/api/v1/tasks?caseId={patientCase.CaseId}", $"/api/v1/cases/{patientCase.InstanceId}/documents", "/api/v1/definitions", "/api/v1/audit/access",
            $"/fhir/Consent?patient=Patient/{patientCase.PatientId}", $"/fhir/QuestionnaireResponse?subject=Patient/{other.PatientId}",
        ];
        foreach (var path in escapes)
        {
            var response = await Page.GotoAsync(path);
            Assert.True(response?.Status == 403, $"{path} answered {response?.Status} on a locked tablet");
        }
        // Back through history reaches the staff hand-over page, which the tablet may not see either.
        await Page.GotoAsync("/kiosk");
        var back = await Page.GoBackAsync();
        Assert.True(back is null || back.Status == 403, $"history back answered {back?.Status}");
        // The tablet's own page still works: the patient's consent, nothing else.
        await Page.GotoAsync("/kiosk");
        await Assertions.Expect(Page.GetByTestId("consent-text")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByText("Board")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_tablet_does_not_let_go_without_the_pin_or_a_staff_password()
    {
        var patientCase = await ReadyForTheTabletAsync();
        await HandOverAsync(patientCase);

        await Page.GotoAsync("/kiosk/locked");
        await Page.GetByLabel("Session PIN").FillAsync("0000");
        await Page.GetByTestId("kiosk-end").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("kiosk-exit-error")).ToBeVisibleAsync();
        // A patient's guess at a staff password fails the same way.
        await Page.GetByLabel("User name").FillAsync(Nurse);
        await Page.GetByLabel("Password").FillAsync("guessing a password");
        await Page.GetByTestId("kiosk-end").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("kiosk-exit-error")).ToBeVisibleAsync();
        // A scheduler's real password does not end a signing session either: only nurses and surgeons run them.
        await Page.GetByLabel("User name").FillAsync(Scheduler);
        await Page.GetByLabel("Password").FillAsync(Web.Hosting.DemoStaff.Password);
        await Page.GetByTestId("kiosk-end").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("kiosk-exit-error")).ToBeVisibleAsync();
        var stillLocked = await Page.GotoAsync("/");
        Assert.Equal(403, stillLocked!.Status);

        await Page.GotoAsync("/kiosk/locked");
        await Page.GetByLabel("Session PIN").FillAsync(KioskPin);
        await Page.GetByTestId("kiosk-end").ClickAsync();
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login");
        await Assertions.Expect(Page.GetByTestId("sign-in-message")).ToContainTextAsync("signing session has ended");
        // Ended means ended: the board needs a staff sign-in again, and the tablet page is gone.
        await Page.GotoAsync("/");
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login");
        await Page.GotoAsync("/kiosk");
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login");
    }

    [Fact]
    public async Task After_signing_the_tablet_returns_to_its_lock_screen_never_to_a_staffPage()
    {
        var patientCase = await ReadyForTheTabletAsync();
        await HandOverAsync(patientCase);
        await Page.Locator("[data-field=printedName] input").FillAsync("Riley Testcase");
        await DrawSignatureAsync();
        await Page.GetByTestId("kiosk-sign").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("kiosk-done")).ToBeVisibleAsync();
        await Page.GetByTestId("kiosk-finish").ClickAsync();
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/kiosk/locked");
        await Assertions.Expect(Page.GetByText("Please hand the tablet to the staff")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByTestId("kiosk-identity")).ToHaveCountAsync(0);

        var witness = await patientCase.TaskAsync("consent-signature", "witness");
        Assert.NotNull(witness);
    }

    private async Task<CaseDriver> ReadyForTheTabletAsync()
    {
        var patientCase = await StartAsync(App);
        await patientCase.SubmitOkAsync("consent-discussion", Surgeon);
        await patientCase.SubmitOkAsync("teach-back", Patient);
        return patientCase;
    }

    /// <summary>The nurse signs in on the tablet, checks identity and locks it to the case.</summary>
    private async Task HandOverAsync(CaseDriver patientCase)
    {
        await Chromium.SignInAsync(Page, Nurse, returnUrl: $"/cases/{patientCase.InstanceId}");
        await Page.GetByTestId("start-kiosk").ClickAsync();
        await Page.GetByLabel("The patient told me their name").CheckAsync();
        await Page.GetByLabel("I checked the signer's photo ID").CheckAsync();
        await Page.GetByLabel("Exit PIN for this session").FillAsync(KioskPin);
        await Page.GetByLabel("No sedative or opioid charted as given").CheckAsync();
        await Page.GetByTestId("kiosk-start-submit").ClickAsync();
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/kiosk");
    }

    private async Task DrawSignatureAsync()
    {
        var pad = Page.GetByTestId("signature-pad");
        await pad.ScrollIntoViewIfNeededAsync();
        var box = (await pad.BoundingBoxAsync())!;
        await Page.Mouse.MoveAsync(box.X + 20, box.Y + 80);
        await Page.Mouse.DownAsync();
        foreach (var (dx, dy) in new[] { (60, 40), (120, 100), (180, 50), (260, 110) }) await Page.Mouse.MoveAsync(box.X + dx, box.Y + dy, new() { Steps = 4 });
        await Page.Mouse.UpAsync();
    }
}

/// <summary>Unattended screens, on an App with idle times of seconds.</summary>
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
        await patientCase.SubmitOkAsync("teach-back", Patient);
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
