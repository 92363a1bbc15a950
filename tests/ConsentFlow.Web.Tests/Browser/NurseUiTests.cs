using System.Text.Json.Nodes;
using ConsentFlow.Documents.Rendering;
using ConsentFlow.Documents.Templates;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Web.Tests.Support;
using Microsoft.Playwright;

namespace ConsentFlow.Web.Tests.Browser;

[Collection(AppCollection.Name)]
public sealed class NurseUiTests(RunningApp app, SharedChromium chromium) : IAsyncLifetime
{
    private IBrowserContext? _context;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _context = await chromium.NewContextAsync(app.BaseAddress, 1280, 900);
        _page = await _context.NewPageAsync();
        await Chromium.SignInAsync(_page, CaseDriver.Nurse);
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
    public async Task The_patient_reads_the_consent_text_before_the_signature_pad_and_the_shown_text_hash_is_recorded()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        await patientCase.SubmitOkAsync("consent-discussion", CaseDriver.Surgeon);
        await patientCase.SubmitOkAsync("teach-back", CaseDriver.Nurse);
        var task = await patientCase.TaskAsync("consent-signature", "patient");

        // The nurse checks identity and hands over a tablet locked to this case.
        await _page.GotoAsync($"/cases/{patientCase.InstanceId}");
        await _page.GetByTestId("start-kiosk").ClickAsync();
        await _page.GetByLabel("The patient told me their name").CheckAsync();
        await _page.GetByLabel("I checked the signer's photo ID").CheckAsync();
        await _page.GetByLabel("Exit PIN for this session").FillAsync(CaseDriver.KioskPin);
        await _page.GetByLabel("No sedative or opioid charted as given").CheckAsync();
        await _page.GetByTestId("kiosk-start-submit").ClickAsync();
        await _page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/kiosk");

        // The whole consent, section by section, comes before the signature pad; system-filled fields are not shown.
        var sections = _page.GetByTestId("consent-section");
        await Assertions.Expect(sections.First).ToBeVisibleAsync();
        Assert.True(await sections.CountAsync() >= 7);
        await Assertions.Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Risks", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(_page.Locator("[data-section-id=risks] li").First).ToContainTextAsync("in 100 patients");
        await Assertions.Expect(_page.Locator("[data-section-id=procedure]")).ToContainTextAsync("L4-L5");
        var textBottom = (await _page.GetByTestId("consent-text").BoundingBoxAsync())!;
        var padTop = (await _page.GetByTestId("signature-pad").BoundingBoxAsync())!;
        Assert.True(padTop.Y > textBottom.Y + textBottom.Height - 1, "the signature pad comes after the consent text");
        Assert.Equal(0, await _page.Locator("[data-field=documentShownSha256]").CountAsync());
        Assert.Equal(0, await _page.Locator("[data-field=readingTimes]").CountAsync());
        Assert.Equal(0, await _page.Locator("[data-field=photoIdChecked]").CountAsync());

        await _page.GetByTestId("signature-pad").ScrollIntoViewIfNeededAsync();
        await _page.Locator("[data-field=printedName] input").FillAsync("Riley Testcase");
        var pad = _page.GetByTestId("signature-pad");
        var box = (await pad.BoundingBoxAsync())!;
        await _page.Mouse.MoveAsync(box.X + 20, box.Y + 80);
        await _page.Mouse.DownAsync();
        foreach (var (dx, dy) in new[] { (60, 40), (120, 100), (180, 50), (260, 110) }) await _page.Mouse.MoveAsync(box.X + dx, box.Y + dy, new() { Steps = 4 });
        await _page.Mouse.UpAsync();
        await Assertions.Expect(pad).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("signed"));
        await _page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "signature.png"), FullPage = true });

        await _page.GetByTestId("kiosk-sign").ClickAsync();
        await Assertions.Expect(_page.GetByTestId("kiosk-done")).ToBeVisibleAsync();
        await patientCase.SubmitOkAsync("consent-signature", CaseDriver.Witness, "witness");
        await patientCase.SubmitOkAsync("consent-signature", CaseDriver.Surgeon, "surgeon");

        // What the patient's tablet recorded equals the hash of the text rendered from the template for this case.
        var consent = (await app.Services.GetRequiredService<WorkflowRuntime>().GetSignedConsentAsync(patientCase.InstanceId, "en", CancellationToken.None))!;
        var patient = consent.Signatures.Single(s => s.SignerRole == "patient");
        var zone = TimeZoneInfo.FindSystemTimeZoneById(consent.TimeZoneId);
        var rendered = app.Services.GetRequiredService<ConsentTemplateLibrary>().Render("peld-consent", "en",
            new ConsentCaseData("Riley Testcase", patientCase.Mrn, new DateOnly(1972, 8, 19), "L4-L5", "left", "Dr. M. Okafor",
                DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(patientCase.ScheduledStart.UtcDateTime, zone))),
            consent.Answers);
        Assert.Equal(rendered.ShownTextSha256, patient.Answers["documentShownSha256"]);
        var readingTimes = patient.Answers["readingTimes"];
        Assert.StartsWith("procedure:", readingTimes);
        Assert.Contains(",risks:", readingTimes);

        // The drawn signature went into the sealed PDF produced with the surgeon's signature.
        var documents = (JsonArray)await (await patientCase.As(CaseDriver.Nurse)).GetJsonAsync($"/api/cases/{patientCase.InstanceId}/documents");
        Assert.Equal("current", Assert.Single(documents)!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Staff_see_document_versions_on_the_case_page_and_generate_a_new_version()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        await patientCase.SignConsentAsync();

        await _page.GotoAsync($"/cases/{patientCase.InstanceId}");
        var rows = _page.GetByTestId("document-row");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First.GetByTestId("document-status")).ToContainTextAsync("current");

        await _page.GetByTestId("generate-document").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(_page.Locator("[data-testid=document-row][data-version='2'] [data-testid=document-status]")).ToContainTextAsync("current");
        await Assertions.Expect(_page.Locator("[data-testid=document-row][data-version='1'] [data-testid=document-status]")).ToContainTextAsync("superseded");
        var href = await _page.Locator("[data-testid=document-row][data-version='1'] [data-testid=download-document]").GetAttributeAsync("href");
        Assert.Matches("^/api/documents/[0-9a-f-]{36}/pdf$", href);

        var download = await _page.RunAndWaitForDownloadAsync(() =>
            _page.Locator("[data-testid=document-row][data-version='1'] [data-testid=download-document]").ClickAsync());
        Assert.Matches("^consent-[0-9a-f]{32}\\.pdf$", download.SuggestedFilename);
        await _page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "case-documents.png"), FullPage = true });
    }

    // Blazor navigates in-page (no load event), so the URL is polled rather than awaited as a navigation.
    private static System.Text.RegularExpressions.Regex CasePage(CaseDriver patientCase) => new($"/cases/{patientCase.InstanceId}$");

    public async Task DisposeAsync()
    {
        if (_context is not null) await _context.CloseAsync();
    }
}
