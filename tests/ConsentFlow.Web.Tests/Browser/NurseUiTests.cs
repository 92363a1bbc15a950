using System.Text.Json.Nodes;
using ConsentFlow.Documents.Rendering;
using ConsentFlow.Documents.Templates;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Web.Tests.Support;
using Microsoft.Playwright;

namespace ConsentFlow.Web.Tests.Browser;

[Collection(AppCollection.Name)]
public sealed class NurseUiTests(RunningApp app, SharedChromium chromium) : BrowserTest(app, chromium, 1280, 900, CaseDriver.Nurse)
{
    [Fact]
    public async Task The_board_shows_each_patient_with_readiness_and_blockers()
    {
        await Page.GotoAsync("/");
        var cards = Page.Locator("[data-testid=case-card]");
        await cards.First.WaitForAsync();

        var mismatch = cards.Filter(new() { HasText = "DEMO-0003" });
        await Assertions.Expect(mismatch.Locator("[data-testid=readiness-chip]")).ToContainTextAsync("Blocked");
        await Assertions.Expect(mismatch.Locator("[data-testid=blockers]")).ToContainTextAsync("Imaging shows L5-S1");
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "board.png"), FullPage = true });

        // The language toggle relabels readiness without a reload.
        await Page.GetByRole(AriaRole.Button, new() { Name = "ES", Exact = true }).ClickAsync();
        await Assertions.Expect(mismatch.Locator("[data-testid=readiness-chip]")).ToContainTextAsync("Bloqueado");
    }

    [Fact]
    public async Task A_nurse_works_from_the_inbox_sees_errors_beside_fields_and_never_gets_the_patients_teach_back()
    {
        var patientCase = await CaseDriver.StartAsync(App);
        await patientCase.SubmitOkAsync("consent-discussion", CaseDriver.Surgeon);

        // The shared app holds many cases: find this one as a nurse would in a busy inbox, by its MRN.
        await Page.GotoAsync("/inbox");
        await Page.GetByTestId("inbox-search").FillAsync(patientCase.Mrn);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();
        var rows = Page.Locator("[data-testid=inbox-task]").Filter(new() { HasText = patientCase.Mrn });
        await Assertions.Expect(rows.Filter(new() { HasText = "Imaging review" })).ToHaveCountAsync(1);
        // The teach-back questions are the patient's, answered on the tablet: never a nurse's checklist.
        await Assertions.Expect(rows.Filter(new() { HasText = "Teach-back" })).ToHaveCountAsync(0);
        await rows.Filter(new() { HasText = "Imaging review" }).ClickAsync();
        await Page.Locator("[data-field=symptomsWorse]").WaitForAsync();

        // Save with answers missing: the server's error appears under each field.
        await Page.GetByTestId("submit-task").ClickAsync();
        await Assertions.Expect(Page.Locator("[data-field=symptomsWorse] .field-error")).ToContainTextAsync("is required");
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "task-form-errors.png"), FullPage = true });
        var steps = (await patientCase.OpenTasksAsync()).Select(t => t!["stepId"]!.GetValue<string>());
        Assert.Contains("teach-back", steps);
    }

    [Fact]
    public async Task A_conditionally_required_field_shows_its_marker_once_the_answers_require_it()
    {
        var patientCase = await CaseDriver.StartAsync(App);
        await Page.GotoAsync($"/tasks/{(await patientCase.TaskAsync("sedation-screening"))["id"]}");
        var details = Page.Locator("[data-field=allergyDetails] label");
        await Assertions.Expect(details).ToHaveTextAsync("Allergy details (*)");
        await Page.Locator("[data-field=allergies]").GetByText("Other", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(details).ToHaveTextAsync("Allergy details *");
    }

    [Fact]
    public async Task The_patient_reads_the_consent_text_before_the_signature_pad_and_the_shown_text_hash_is_recorded()
    {
        var patientCase = await CaseDriver.StartAsync(App);
        await patientCase.SubmitOkAsync("consent-discussion", CaseDriver.Surgeon);
        await patientCase.SubmitOkAsync("teach-back", CaseDriver.Patient);
        var task = await patientCase.TaskAsync("consent-signature", "patient");

        // The nurse checks identity and hands over a tablet locked to this case.
        await Page.GotoAsync($"/cases/{patientCase.InstanceId}");
        await Page.GetByTestId("start-kiosk").ClickAsync();
        await Page.GetByLabel("The patient told me their name").CheckAsync();
        await Page.GetByLabel("I checked the signer's photo ID").CheckAsync();
        await Page.GetByLabel("Exit PIN for this session").FillAsync(CaseDriver.KioskPin);
        await Page.GetByLabel("No sedative or opioid charted as given").CheckAsync();
        await Page.GetByTestId("kiosk-start-submit").ClickAsync();
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/kiosk");

        // The whole consent, one section at a time, comes before the signature pad; system-filled fields are not shown.
        var sections = Page.GetByTestId("consent-section");
        await Assertions.Expect(sections.First).ToBeVisibleAsync();
        Assert.True(TabletPage.Progress(await Page.GetByTestId("reading-progress").InnerTextAsync()).Total >= 7);
        await Assertions.Expect(Page.Locator("[data-section-id=procedure]")).ToContainTextAsync("L4-L5");
        await Assertions.Expect(Page.GetByTestId("signature-pad")).ToHaveCountAsync(0);
        var sawRisks = false;
        await TabletPage.ReadEverySectionAsync(Page, async () =>
        {
            if (await Page.Locator("[data-section-id=risks]").CountAsync() == 0) return;
            sawRisks = true;
            await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Risks", Exact = true })).ToBeVisibleAsync();
            await Assertions.Expect(Page.Locator("[data-section-id=risks] li").First).ToContainTextAsync("in 100 patients");
        });
        Assert.True(sawRisks, "the risks section was shown");
        await Assertions.Expect(Page.GetByTestId("signature-pad")).ToBeVisibleAsync();
        Assert.Equal(0, await Page.Locator("[data-field=documentShownSha256]").CountAsync());
        Assert.Equal(0, await Page.Locator("[data-field=readingTimes]").CountAsync());
        Assert.Equal(0, await Page.Locator("[data-field=photoIdChecked]").CountAsync());

        await Page.GetByTestId("signature-pad").ScrollIntoViewIfNeededAsync();
        await Page.Locator("[data-field=printedName] input").FillAsync("Riley Testcase");
        var pad = Page.GetByTestId("signature-pad");
        var box = (await pad.BoundingBoxAsync())!;
        await Page.Mouse.MoveAsync(box.X + 20, box.Y + 80);
        await Page.Mouse.DownAsync();
        foreach (var (dx, dy) in new[] { (60, 40), (120, 100), (180, 50), (260, 110) }) await Page.Mouse.MoveAsync(box.X + dx, box.Y + dy, new() { Steps = 4 });
        await Page.Mouse.UpAsync();
        await Assertions.Expect(pad).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("signed"));
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "signature.png"), FullPage = true });

        await Page.GetByTestId("kiosk-sign").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("kiosk-done")).ToBeVisibleAsync();
        await patientCase.SubmitOkAsync("consent-signature", CaseDriver.Witness, "witness");
        await patientCase.SubmitOkAsync("consent-signature", CaseDriver.Surgeon, "surgeon");

        // What the patient's tablet recorded equals the hash of the text rendered from the template for this case.
        var consent = (await App.Services.GetRequiredService<WorkflowRuntime>().GetSignedConsentAsync(patientCase.InstanceId, "en", CancellationToken.None))!;
        var patient = consent.Signatures.Single(s => s.SignerRole == "patient");
        var zone = TimeZoneInfo.FindSystemTimeZoneById(consent.TimeZoneId);
        var rendered = App.Services.GetRequiredService<ConsentTemplateLibrary>().Render("peld-consent", "en",
            new ConsentCaseData("Riley Testcase", patientCase.Mrn, new DateOnly(1972, 8, 19), "L4-L5", "left", "Dr. M. Okafor",
                DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(patientCase.ScheduledStart.UtcDateTime, zone))),
            consent.Answers);
        Assert.Equal(rendered.ShownTextSha256, patient.Answers["documentShownSha256"]);
        var readingTimes = patient.Answers["readingTimes"];
        Assert.StartsWith("procedure:", readingTimes);
        Assert.Contains(",risks:", readingTimes);

        // The drawn signature went into the sealed PDF produced with the surgeon's signature.
        var documents = (JsonArray)await (await patientCase.As(CaseDriver.Nurse)).GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}/documents");
        Assert.Equal("current", Assert.Single(documents)!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Staff_see_document_versions_on_the_casePage_and_generate_a_new_version()
    {
        var patientCase = await CaseDriver.StartAsync(App);
        await patientCase.SignConsentAsync();

        await Page.GotoAsync($"/cases/{patientCase.InstanceId}");
        var rows = Page.GetByTestId("document-row");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First.GetByTestId("document-status")).ToContainTextAsync("current");

        await Page.GetByTestId("generate-document").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(Page.Locator("[data-testid=document-row][data-version='2'] [data-testid=document-status]")).ToContainTextAsync("current");
        await Assertions.Expect(Page.Locator("[data-testid=document-row][data-version='1'] [data-testid=document-status]")).ToContainTextAsync("superseded");
        var href = await Page.Locator("[data-testid=document-row][data-version='1'] [data-testid=download-document]").GetAttributeAsync("href");
        Assert.Matches("^/api/v1/documents/[0-9a-f-]{36}/pdf$", href);

        var download = await Page.RunAndWaitForDownloadAsync(() =>
            Page.Locator("[data-testid=document-row][data-version='1'] [data-testid=download-document]").ClickAsync());
        Assert.Matches("^consent-[0-9a-f]{32}\\.pdf$", download.SuggestedFilename);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "case-documents.png"), FullPage = true });
    }

    // Blazor navigates in-page (no load event), so the URL is polled rather than awaited as a navigation.
    private static System.Text.RegularExpressions.Regex CasePage(CaseDriver patientCase) => new($"/cases/{patientCase.InstanceId}$");
}
