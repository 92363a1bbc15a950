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
        await TabletPage.ReadEverySectionAsync(Page);
        await Page.Locator("[data-field=printedName] input").FillAsync("Riley Testcase");
        await TabletPage.DrawSignatureAsync(Page);
        await Page.GetByTestId("kiosk-sign").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("kiosk-done")).ToBeVisibleAsync();
        // Reloaded, the tablet still shows the signature and offers the withdrawal: the page reads the case, not its memory.
        await Page.ReloadAsync();
        await Assertions.Expect(Page.GetByTestId("signed-by")).ToHaveTextAsync("Riley Testcase");
        await Assertions.Expect(Page.GetByTestId("patient-withdraw")).ToBeVisibleAsync();
        await Page.GetByTestId("kiosk-finish").ClickAsync();
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/kiosk/locked");
        await Assertions.Expect(Page.GetByText("Please hand the tablet to the staff")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByTestId("kiosk-identity")).ToHaveCountAsync(0);

        var witness = await patientCase.TaskAsync("consent-signature", "witness");
        Assert.NotNull(witness);
    }

    [Fact]
    public async Task A_patient_reads_section_by_section_fails_one_teach_back_question_then_passes_signs_and_gets_the_copy()
    {
        var patientCase = await StartAsync(App);
        await patientCase.SubmitOkAsync("consent-discussion", Surgeon);
        await HandOverAsync(patientCase);

        // One section at a time, with progress; Next waits for "I have read this section"; Back returns.
        var progress = Page.GetByTestId("reading-progress");
        await Assertions.Expect(progress).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"Section 1 of \d+"));
        var (_, total) = TabletPage.Progress(await progress.InnerTextAsync());
        Assert.True(total >= 7, $"the consent has {total} sections");
        await Assertions.Expect(Page.GetByTestId("consent-section")).ToHaveCountAsync(1);
        await Assertions.Expect(Page.GetByTestId("section-next")).ToBeDisabledAsync();
        await Assertions.Expect(Page.GetByTestId("kiosk-sign")).ToHaveCountAsync(0);
        await Page.GetByTestId("section-read").CheckAsync();
        await Page.GetByTestId("section-next").ClickAsync();
        await Assertions.Expect(progress).ToHaveTextAsync($"Section 2 of {total}");
        await Page.GetByTestId("section-read").CheckAsync();
        await Page.GetByTestId("section-next").ClickAsync();
        await Assertions.Expect(progress).ToHaveTextAsync($"Section 3 of {total}");
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "tablet-reading.png"), FullPage = true });
        await Page.GetByTestId("section-back").ClickAsync();
        await Assertions.Expect(progress).ToHaveTextAsync($"Section 2 of {total}");
        await Assertions.Expect(Page.GetByTestId("section-read")).ToBeCheckedAsync();
        await TabletPage.ReadEverySectionAsync(Page);

        // Teach-back: the level is missed (the right one is shown), the rest are right: one miss still lets the patient sign.
        await Assertions.Expect(Page.GetByTestId("question-progress")).ToHaveTextAsync("Question 1 of 4");
        await TabletPage.AnswerAsync(Page, "L5-S1");
        await Assertions.Expect(Page.GetByTestId("teach-back-feedback")).ToHaveAttributeAsync("data-right", "false");
        await Assertions.Expect(Page.GetByTestId("teach-back-right-answer")).ToHaveTextAsync("Between L4 and L5");
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "tablet-teach-back-wrong.png"), FullPage = true });
        await Page.GetByTestId("teach-back-next").ClickAsync();
        foreach (var right in new[] { "legTingling", "otherCare", "untilTheStart" })
        {
            await TabletPage.AnswerAsync(Page, right);
            await Assertions.Expect(Page.GetByTestId("teach-back-feedback")).ToHaveAttributeAsync("data-right", "true");
            await Page.GetByTestId("teach-back-next").ClickAsync();
        }

        await Page.Locator("[data-field=printedName] input").FillAsync("Riley Testcase");
        await TabletPage.DrawSignatureAsync(Page);
        await Page.GetByTestId("kiosk-sign").ClickAsync();

        // What was signed, then the copy: a one-time link (and its QR code) that names nothing but a random token.
        await Assertions.Expect(Page.GetByTestId("signed-summary")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByTestId("signed-level-side")).ToHaveTextAsync("L4-L5 left");
        await Assertions.Expect(Page.GetByTestId("signed-by")).ToHaveTextAsync("Riley Testcase");
        await Page.GetByTestId("copy-link").ClickAsync();
        var link = Page.GetByTestId("copy-link-url");
        await Assertions.Expect(link).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-testid=copy-link-shown] img")).ToBeVisibleAsync();
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "tablet-signed-copy.png"), FullPage = true });
        var url = new Uri(await link.InnerTextAsync());
        Assert.DoesNotContain(patientCase.Mrn, url.ToString());
        Assert.DoesNotContain(patientCase.InstanceId.ToString(), url.ToString());
        await Page.GetByTestId("kiosk-finish").ClickAsync();
        await Page.WaitForURLAsync(address => new Uri(address).AbsolutePath == "/kiosk/locked");

        // The staff sign; the patient's phone opens the copy once.
        await patientCase.SubmitOkAsync("consent-signature", Witness, "witness");
        await patientCase.SubmitOkAsync("consent-signature", Surgeon, "surgeon");
        using (var copy = await App.Anonymous().GetAsync(url.PathAndQuery))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, copy.StatusCode);
            Assert.Equal("application/pdf", copy.Content.Headers.ContentType?.MediaType);
        }
        using (var again = await App.Anonymous().GetAsync(url.PathAndQuery))
            Assert.Equal(System.Net.HttpStatusCode.Gone, again.StatusCode);

        // The nurse sees the answer the patient missed, and that the sections went by faster than anyone reads them.
        var nursePage = await (await chromium.NewContextAsync(App.BaseAddress, 1280, 900)).NewPageAsync();
        await Chromium.SignInAsync(nursePage, Nurse, returnUrl: $"/cases/{patientCase.InstanceId}");
        var report = nursePage.GetByTestId("tablet-report");
        await Assertions.Expect(report).ToContainTextAsync("1 of 4 answers wrong");
        await Assertions.Expect(report.Locator("[data-question=level]")).ToHaveAttributeAsync("data-wrong", "true");
        await Assertions.Expect(nursePage.GetByTestId("tablet-report-fast-reading")).ToBeVisibleAsync();
        await nursePage.Context.CloseAsync();
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
