using System.Text;
using System.Text.RegularExpressions;
using ConsentFlow.Web.Tests.Support;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static ConsentFlow.Web.Tests.Support.CaseDriver;

namespace ConsentFlow.Web.Tests.Browser;

/// <summary>
/// axe-core (WCAG 2.2 AA rules) on every page people use, in English and Spanish, on a desktop and a tablet viewport.
/// A serious or critical violation fails the test; the report lists every one with the element it was found on.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AccessibilityTests(RunningApp app, SharedChromium chromium, ITestOutputHelper output)
{
    private static readonly string[] Languages = ["en", "es"];
    private static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    [Theory]
    [InlineData("desktop", 1280, 900)]
    [InlineData("tablet", 820, 1180)]
    public async Task Every_page_has_no_serious_or_critical_violation_in_either_language(string viewport, int width, int height)
    {
        var report = new StringBuilder();
        var patientCase = await StartAsync(app);
        await patientCase.SubmitOkAsync("consent-discussion", Surgeon);
        var imagingTask = (await patientCase.TaskAsync("imaging-review"))["id"];

        await using (var admin = await PagesAsync(width, height))
        {
            await Chromium.SignInAsync(admin.Page, Administrator, returnUrl: "/admin");
            foreach (var language in Languages)
            {
                await admin.UseLanguageAsync(language);
                await CheckAsync(admin.Page, report, viewport, language, "/admin", "h1");
                await CheckAsync(admin.Page, report, viewport, language, "/admin/users", "[data-testid=users]");
                await CheckAsync(admin.Page, report, viewport, language, "/admin/studio", "[data-testid=studio-definitions]");
                await CheckAsync(admin.Page, report, viewport, language, "/admin/studio/peld-consent", "[data-testid=studio-tabs]");
                await CheckAsync(admin.Page, report, viewport, language, "/admin/studio/peld-consent/diagram", "[data-testid=diagram-node]");
                await CheckAsync(admin.Page, report, viewport, language, "/admin/studio/peld-consent/history", "h1");
                await CheckAsync(admin.Page, report, viewport, language, "/admin/studio/templates/peld-consent", "[data-testid=edit-en]");
            }
        }

        await using var staff = await PagesAsync(width, height);
        foreach (var language in Languages)
        {
            await staff.UseLanguageAsync(language);
            await CheckAsync(staff.Page, report, viewport, language, "/account/login", "[data-testid=sign-in-form]");
        }
        await staff.UseLanguageAsync("en");
        await Chromium.SignInAsync(staff.Page, Nurse);
        foreach (var language in Languages)
        {
            await staff.UseLanguageAsync(language);
            await CheckAsync(staff.Page, report, viewport, language, "/", "[data-testid=case-card]");
            await CheckAsync(staff.Page, report, viewport, language, "/inbox", "[data-testid=inbox-task]");
            await CheckAsync(staff.Page, report, viewport, language, $"/cases/{patientCase.InstanceId}", "[data-testid=readiness-chip]");
            await CheckAsync(staff.Page, report, viewport, language, $"/cases/{patientCase.InstanceId}/flow", "[data-testid=diagram-node]");
            await CheckAsync(staff.Page, report, viewport, language, $"/tasks/{imagingTask}", "[data-testid=submit-task]");
            await CheckAsync(staff.Page, report, viewport, language, $"/cases/{patientCase.InstanceId}/signing-session", "[data-testid=kiosk-start-form]");
        }

        // The nurse hands the tablet over; from here the context is the locked patient tablet.
        await staff.Page.GotoAsync($"/cases/{patientCase.InstanceId}/signing-session");
        await staff.Page.Locator("input[name=identifiersChecked]").CheckAsync();
        await staff.Page.Locator("input[name=photoIdChecked]").CheckAsync();
        await staff.Page.Locator("#exitPin").FillAsync(KioskPin);
        await staff.Page.Locator("input[name=premedicationCharted][value=no]").CheckAsync();
        await staff.Page.GetByTestId("kiosk-start-submit").ClickAsync();
        await staff.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/kiosk");
        foreach (var language in Languages)
        {
            await staff.UseLanguageAsync(language);
            // The patient's screens: a consent section, then a teach-back question with its feedback shown.
            await CheckAsync(staff.Page, report, viewport, language, "/kiosk", "[data-testid=tablet-reading]");
            await TabletPage.ReadEverySectionAsync(staff.Page);
            await TabletPage.AnswerAsync(staff.Page, "L5-S1");
            await CheckHereAsync(staff.Page, report, viewport, language, "/kiosk (teach-back)");
            await staff.Page.GetByTestId("patient-decline").ClickAsync();
            await staff.Page.GetByTestId("decline-confirm").WaitForAsync();
            await CheckHereAsync(staff.Page, report, viewport, language, "/kiosk (decline?)");
            await staff.Page.GetByTestId("decline-no").ClickAsync();
            await CheckAsync(staff.Page, report, viewport, language, "/kiosk/locked", "[data-testid=kiosk-exit-form]");
            // The lock screen locks the tablet on the server: staff unlock it with the PIN before the next language.
            await staff.Page.Locator("#pin").FillAsync(KioskPin);
            await staff.Page.GetByTestId("kiosk-resume").ClickAsync();
            await staff.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/kiosk");
        }

        // Signed: what was signed and the copy link (English; the language toggle reloads the page, which starts reading again).
        await staff.UseLanguageAsync("en");
        await staff.Page.ReloadAsync();
        await TabletPage.ReadEverySectionAsync(staff.Page);
        foreach (var answer in new[] { "L4-L5", "legTingling", "otherCare", "untilTheStart" })
        {
            await TabletPage.AnswerAsync(staff.Page, answer);
            await staff.Page.GetByTestId("teach-back-next").ClickAsync();
        }
        await staff.Page.Locator("[data-field=printedName] input").FillAsync("Riley Testcase");
        await CheckHereAsync(staff.Page, report, viewport, "en", "/kiosk (signature)");
        await TabletPage.DrawSignatureAsync(staff.Page);
        await staff.Page.GetByTestId("kiosk-sign").ClickAsync();
        await staff.Page.GetByTestId("copy-link").ClickAsync();
        await staff.Page.GetByTestId("copy-link-shown").WaitForAsync();
        await CheckHereAsync(staff.Page, report, viewport, "en", "/kiosk (signed)");

        output.WriteLine(report.ToString());
        File.AppendAllText(Path.Combine(Chromium.ScreenshotFolder, "axe-report.txt"), report.ToString());
        Assert.DoesNotContain("VIOLATION", report.ToString());
    }

    /// <summary>Opens the page, waits until it shows what it is for, runs axe and appends one line (and one per serious violation).</summary>
    private static async Task CheckAsync(IPage page, StringBuilder report, string viewport, string language, string path, string ready)
    {
        await page.GotoAsync(path);
        await page.Locator(ready).First.WaitForAsync();
        // A full CI run keeps both cores busy: a page with Monaco's workers can take more than the default 15 s to go quiet.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 45_000 });
        // The remembered language reached the page (its content is marked with it), so both languages are really checked.
        Assert.Equal(language, await page.EvaluateAsync<string>("() => document.querySelector('main').closest('[lang]').getAttribute('lang')"));
        if (viewport == "tablet" && language == "es")
            await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, $"axe-es-tablet{Regex.Replace(path, "[^a-z]+", "-")}.png"), FullPage = true });
        var result = await page.RunAxe(new Deque.AxeCore.Commons.AxeRunOptions { RunOnly = Deque.AxeCore.Commons.RunOnlyOptions.Tags(Tags) });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        report.AppendLine($"{viewport} {language} {path}: {serious.Count} serious/critical, {result.Violations.Length - serious.Count} other");
        foreach (var violation in serious)
            foreach (var node in violation.Nodes.Take(5))
                report.AppendLine($"  VIOLATION {violation.Id} ({violation.Impact}): {node.Target} {violation.Help}");
    }

    /// <summary>Runs axe on the page as it is now (a screen reached by the patient's own taps, not by an address).</summary>
    private static async Task CheckHereAsync(IPage page, StringBuilder report, string viewport, string language, string name)
    {
        // A full CI run keeps both cores busy: a page with Monaco's workers can take more than the default 15 s to go quiet.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 45_000 });
        Assert.Equal(language, await page.EvaluateAsync<string>("() => document.querySelector('main').closest('[lang]').getAttribute('lang')"));
        var result = await page.RunAxe(new Deque.AxeCore.Commons.AxeRunOptions { RunOnly = Deque.AxeCore.Commons.RunOnlyOptions.Tags(Tags) });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        report.AppendLine($"{viewport} {language} {name}: {serious.Count} serious/critical, {result.Violations.Length - serious.Count} other");
        foreach (var violation in serious)
            foreach (var node in violation.Nodes.Take(5))
                report.AppendLine($"  VIOLATION {violation.Id} ({violation.Impact}): {node.Target} {violation.Help}");
    }

    private async Task<BrowserPages> PagesAsync(int width, int height)
    {
        var context = await chromium.NewContextAsync(app.BaseAddress, width, height);
        return new BrowserPages(context, await context.NewPageAsync(), app.BaseAddress);
    }

    /// <summary>One browser context and its page; the language is the persisted choice (a cookie), as a returning user has it.</summary>
    private sealed record BrowserPages(IBrowserContext Context, IPage Page, Uri BaseAddress) : IAsyncDisposable
    {
        public Task UseLanguageAsync(string language) =>
            Context.AddCookiesAsync([new Cookie { Name = "ConsentFlow.Language", Value = language, Url = BaseAddress.ToString().TrimEnd('/') }]);

        public async ValueTask DisposeAsync() => await Context.CloseAsync();
    }
}
