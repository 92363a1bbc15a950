using System.Text.RegularExpressions;
using ConsentFlow.Web.Tests.Support;
using Microsoft.Playwright;
using static ConsentFlow.Web.Tests.Support.CaseDriver;

namespace ConsentFlow.Web.Tests.Browser;

/// <summary>The staff screens in Spanish on a tablet: nothing left in English, an App bar that fits, a choice that persists.</summary>
[Collection(AppCollection.Name)]
public sealed partial class SpanishUiTests(RunningApp app, SharedChromium chromium) : BrowserTest(app, chromium, 820, 1180, Nurse)
{
    [Fact]
    public async Task In_spanish_noPage_shows_english_words_and_the_choice_survives_a_reload()
    {
        var patientCase = await StartAsync(App);
        await patientCase.SubmitOkAsync("consent-discussion", Surgeon);
        var imaging = (await patientCase.TaskAsync("imaging-review"))["id"];

        await Page.GotoAsync("/");
        await Page.GetByTestId("case-card").First.WaitForAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "ES", Exact = true }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Pacientes" })).ToBeVisibleAsync();
        await Page.ReloadAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Pacientes" })).ToBeVisibleAsync();

        foreach (var (path, ready, shot) in new[]
        {
            ("/", "[data-testid=case-card]", "es-board"),
            ("/inbox", "[data-testid=inbox-task]", "es-inbox"),
            ($"/cases/{patientCase.InstanceId}", "[data-testid=open-task]", "es-case"),
            ($"/tasks/{imaging}", "[data-testid=submit-task]", "es-imaging"),
        })
        {
            await Page.GotoAsync(path);
            await Page.Locator(ready).First.WaitForAsync();
            await Page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, shot + ".png"), FullPage = true });
            var text = await Page.Locator("body").InnerTextAsync();
            var english = EnglishWords().Matches(text).Select(m => m.Value).Distinct().ToList();
            Assert.True(english.Count == 0, $"{path} shows English in Spanish: {string.Join(", ", english)}");
        }

        // A refused form speaks Spanish too, down to the engine's "is required".
        await Page.GotoAsync($"/tasks/{imaging}");
        await Page.GetByTestId("submit-task").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("form-banner")).ToContainTextAsync("es obligatorio");
    }

    [Fact]
    public async Task At_tablet_width_the_spanish_app_bar_items_do_not_overlap()
    {
        await Page.GotoAsync("/");
        await Page.GetByRole(AriaRole.Button, new() { Name = "ES", Exact = true }).ClickAsync();
        await Assertions.Expect(Page.GetByText("Cerrar sesión")).ToBeVisibleAsync();
        await Page.Locator(".mud-appbar").ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "es-appbar-820.png") });
        var boxes = await Page.EvaluateAsync<double[][]>(@"() => Array.from(document.querySelectorAll(
            '.mud-appbar .appbar-brand, .mud-appbar .appbar-nav .mud-button-root, .mud-appbar .appbar-user, .mud-appbar [data-testid=sign-out], .mud-appbar .language-toggle'))
            .filter(e => e.offsetParent !== null).map(e => { const r = e.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom]; })");
        Assert.True(boxes.Length >= 5);
        var ordered = boxes.OrderBy(b => b[0]).ToList();
        for (var i = 1; i < ordered.Count; i++)
            Assert.True(ordered[i][0] >= ordered[i - 1][1] - 0.5, $"App bar items overlap: {string.Join(" | ", ordered.Select(b => $"{b[0]:0}-{b[1]:0}"))}");
        Assert.True(ordered[^1][1] <= 820, "the language toggle is inside the screen");
    }

    [Fact]
    public async Task The_fhir_json_of_a_signed_consent_opens_from_the_casePage()
    {
        var patientCase = await StartAsync(App);
        await patientCase.SignConsentAsync();
        await Page.GotoAsync($"/cases/{patientCase.InstanceId}");
        var link = Page.GetByTestId("fhir-link").First;
        Assert.Null(await link.GetAttributeAsync("target"));
        var response = await Page.RunAndWaitForResponseAsync(() => link.ClickAsync(), r => r.Url.Contains("/fhir/"));
        Assert.Equal(200, response.Status);
        Assert.Contains("\"resourceType\"", await response.TextAsync());
    }

    // Words that must not appear on a Spanish screen: the UI's own labels and the codes the data carries in English.
    [GeneratedRegex(@"\b(Sign|Save|Board|Inbox|Refresh|Open tasks|Readiness|Waiting|Blocked|Ready|waiting for|due|Yes|required|nurse|surgeon|anesthesiologist|witness|patient|interpreter|scheduler|left|right|moderate|Proposed|Active)\b")]
    private static partial Regex EnglishWords();
}
