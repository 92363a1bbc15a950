using ConsentFlow.Web.Tests.Browser;
using ConsentFlow.Web.Tests.Support;
using Microsoft.Playwright;
using static ConsentFlow.Web.Tests.Support.CaseDriver;

namespace ConsentFlow.Web.Tests.Studio;

/// <summary>The consent template editor in a real browser: Monaco, lint markers as the administrator types, the live preview.</summary>
[Collection(AppCollection.Name)]
public sealed class TemplateStudioBrowserTests(RunningApp app, SharedChromium chromium) : BrowserTest(app, chromium, 1600, 1000)
{
    private const string StudioPage = "/admin/studio/templates/peld-consent";

    [Fact]
    public async Task An_administrator_breaks_the_spanish_text_sees_the_marker_fixes_it_and_sees_the_spanish_preview_change()
    {
        await Chromium.SignInAsync(Page, Administrator, returnUrl: StudioPage);
        var spanishEditor = Page.GetByTestId("template-editor-es");
        var spanishPreview = Page.GetByTestId("template-preview-es");
        await WaitForMonacoAsync();
        await Assertions.Expect(spanishPreview).ToContainTextAsync("Sample Patient");
        await Assertions.Expect(Page.GetByTestId("template-findings")).ToContainTextAsync("No lint findings");

        await Page.GetByTestId("edit-es").ClickAsync();
        await spanishEditor.Locator(".monaco-editor .view-lines").First.ClickAsync();
        await Page.Keyboard.PressAsync("Control+End");
        await Page.Keyboard.PressAsync("Enter");
        await Page.Keyboard.PressAsync("Enter");
        // One input, as a paste is: the preview never sees half a placeholder.
        await Page.Keyboard.InsertTextAsync("Nota final para {{paciente}}");

        // The unknown placeholder is marked at its line, in the editor and in the list of findings.
        await Assertions.Expect(spanishEditor.Locator(".squiggly-error").First).ToBeVisibleAsync();
        var finding = Page.Locator(".template-finding[data-language=es]");
        await Assertions.Expect(finding).ToContainTextAsync("unknown placeholder '{{paciente}}'");
        var lineCount = await Page.EvaluateAsync<int>("() => window.blazorMonaco.editors.find(e => e.id === 'template-editor-es').editor.getModel().getLineCount()");
        Assert.Equal(lineCount.ToString(), await finding.GetAttributeAsync("data-line"));
        await Assertions.Expect(spanishPreview).Not.ToContainTextAsync("Nota final");
        await Assertions.Expect(Page.GetByTestId("publish-template")).ToBeDisabledAsync();

        // The list jumps to the line.
        await finding.ClickAsync();
        var cursorLine = await Page.EvaluateAsync<int>("() => window.blazorMonaco.editors.find(e => e.id === 'template-editor-es').editor.getPosition().lineNumber");
        Assert.Equal(lineCount, cursorLine);

        // The jump focuses the editor through a round trip to the server: type only once the editor has the focus.
        await Assertions.Expect(spanishEditor.Locator("textarea.inputarea")).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("End");
        await Page.Keyboard.PressAsync("Shift+Home");
        await Page.Keyboard.InsertTextAsync("Nota final para {{patient.name}}");

        await Assertions.Expect(spanishEditor.Locator(".squiggly-error")).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        await Assertions.Expect(Page.GetByTestId("template-findings")).ToContainTextAsync("No lint findings");
        await Assertions.Expect(spanishPreview).ToContainTextAsync("Nota final para Sample Patient");
        await Assertions.Expect(Page.GetByTestId("template-preview-en")).Not.ToContainTextAsync("Nota final");
        await Assertions.Expect(Page.GetByTestId("publish-template")).ToBeEnabledAsync();
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "template-studio.png"), FullPage = true });
    }

    [Fact]
    public async Task Choosing_a_synthetic_case_on_a_blood_thinner_shows_the_bleeding_paragraph_in_both_languages()
    {
        await Chromium.SignInAsync(Page, Administrator, returnUrl: StudioPage);
        await Assertions.Expect(Page.GetByTestId("template-preview-en")).ToContainTextAsync("Sample Patient");
        await Assertions.Expect(Page.Locator("[data-testid=template-preview-en] .conditional")).ToHaveCountAsync(0);

        await Page.GetByTestId("synthetic-case").ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = "Right L5-S1 · takes apixaban · interpreter used" }).ClickAsync();

        foreach (var language in new[] { "en", "es" })
        {
            var paragraph = Page.Locator($"[data-testid=template-preview-{language}] .conditional");
            await Assertions.Expect(paragraph).ToHaveCountAsync(1);
            await Assertions.Expect(paragraph).ToContainTextAsync("apixaban");
        }
    }

    /// <summary>
    /// Monaco is megabytes of script. While the workflow studio's own app and browser load it too (its tests run beside
    /// this collection), the first load can take longer than the page waits for it: then the page is opened again.
    /// </summary>
    private async Task WaitForMonacoAsync()
    {
        var editor = Page.GetByTestId("template-editor-en").Locator(".monaco-editor").First;
        try { await editor.WaitForAsync(new() { Timeout = 45_000 }); }
        catch (TimeoutException)
        {
            await Page.ReloadAsync();
            await editor.WaitForAsync(new() { Timeout = 60_000 });
        }
    }
}
