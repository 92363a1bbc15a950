using ConsentFlow.Web.Tests.Support;
using Microsoft.Playwright;
using static ConsentFlow.Web.Tests.Support.CaseDriver;

namespace ConsentFlow.Web.Tests.Browser;

/// <summary>A nurse who uses no mouse: every open task is a Tab stop, a checklist is answered and saved from the keyboard.</summary>
[Collection(AppCollection.Name)]
public sealed class KeyboardTests(RunningApp app, SharedChromium chromium) : BrowserTest(app, chromium, 820, 1180, Nurse)
{
    [Fact]
    public async Task A_nurse_reaches_every_open_task_and_completes_teach_back_with_the_keyboard_only()
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
        await TabToAsync("[data-testid=open-task]:has-text('Teach-back')", restart: true);
        await Page.Keyboard.PressAsync("Enter");
        await Page.Locator("[data-field=levelAndSide]").WaitForAsync();

        // Three of four questions answered (Space chooses the focused "Yes"), then Save: focus lands on the one left.
        foreach (var field in new[] { "levelAndSide", "aRisk", "anAlternative" })
        {
            await TabToAsync($"[data-field={field}]");
            await Page.Keyboard.PressAsync("Space");
        }
        await TabToAsync("[data-testid=submit-task]");
        await Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(Page.GetByTestId("form-banner")).ToContainTextAsync("Please correct 1 field(s)");
        await Assertions.Expect(Page.Locator("[data-field=rightToWithdraw] input:focus")).ToHaveCountAsync(1);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "keyboard-first-error.png") });

        await Page.Keyboard.PressAsync("Space");
        await TabToAsync("[data-testid=submit-task]");
        await Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/cases/{patientCase.InstanceId}$"));
        // The message says what happened to the case, not a bare "Saved.".
        await Assertions.Expect(Page.Locator(".mud-snackbar")).ToContainTextAsync("Saved — next:");
        Assert.DoesNotContain("teach-back", (await patientCase.OpenTasksAsync()).Select(t => t!["stepId"]!.GetValue<string>()));
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
