using ConsentFlow.Web.Tests.Support;
using Microsoft.Playwright;
using static ConsentFlow.Web.Tests.Support.CaseDriver;

namespace ConsentFlow.Web.Tests.Browser;

/// <summary>A nurse who uses no mouse: every open task is a Tab stop, a checklist is answered and saved from the keyboard.</summary>
[Collection(AppCollection.Name)]
public sealed class KeyboardTests(RunningApp app, SharedChromium chromium) : BrowserTest(app, chromium, 820, 1180, Nurse)
{
    [Fact]
    public async Task A_nurse_reaches_every_open_task_and_a_refused_checklist_puts_focus_on_its_first_error_with_the_keyboard_only()
    {
        var patientCase = await StartAsync(App);
        await patientCase.SubmitOkAsync("consent-discussion", Surgeon);
        await Page.GotoAsync($"/cases/{patientCase.InstanceId}");
        var links = Page.GetByTestId("open-task");
        await links.First.WaitForAsync();
        Assert.True(await links.CountAsync() >= 3, "the case has several open tasks");

        // Every open task is its own Tab stop, in order (a listbox would offer only the first).
        foreach (var href in await links.EvaluateAllAsync<string[]>("links => links.map(l => l.getAttribute('href'))"))
            await TabToAsync($"[data-testid=open-task][href='{href}']");
        await TabToAsync("[data-testid=open-task]:has-text('Imaging review')", restart: true);
        await Page.Keyboard.PressAsync("Enter");
        await Page.Locator("[data-field=modality]").WaitForAsync();

        // Save with nothing answered: the banner counts the errors and focus lands on the first field to fix.
        await TabToAsync("[data-testid=submit-task]");
        await Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(Page.GetByTestId("form-banner")).ToContainTextAsync("Please correct");
        await Assertions.Expect(Page.Locator("[data-field=modality] :focus")).ToHaveCountAsync(1);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "keyboard-first-error.png") });
    }

    /// <summary>Presses Tab until focus is inside <paramref name="selector"/>; fails when 80 presses do not get there.</summary>
    private async Task TabToAsync(string selector, bool restart = false)
    {
        if (restart) await Page.Locator("body").FocusAsync();
        for (var presses = 0; presses < 80; presses++)
        {
            await Page.Keyboard.PressAsync("Tab");
            if (await Page.Locator(selector).EvaluateAllAsync<bool>("(found) => found.some(e => e.contains(document.activeElement))")) return;
        }
        Assert.Fail($"Tab never reached {selector}");
    }
}
