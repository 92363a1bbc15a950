using ConsentFlow.Web.Tests.Browser;
using ConsentFlow.Web.Tests.Support;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ConsentFlow.Web.Tests.Studio;

[Collection(AppCollection.Name)]
public sealed class StudioDiagramUiTests(RunningApp app, SharedChromium chromium) : BrowserTest(app, chromium, 1440, 1000, CaseDriver.Administrator)
{
    [Fact]
    public async Task An_administrator_sees_every_step_of_the_default_workflow_and_opens_a_steps_form()
    {
        await Page.GotoAsync("/admin/studio/peld-consent/diagram");
        var nodes = Page.Locator("[data-testid=diagram-node]");
        await nodes.First.WaitForAsync();
        Assert.Equal(DefaultWorkflow.Definition.Steps.Count, await nodes.CountAsync());
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "studio-diagram.png"), FullPage = true });

        await Page.Locator("[data-testid=diagram-node][data-step=imaging-review]").ClickAsync();
        var panel = Page.GetByTestId("diagram-panel");
        await Assertions.Expect(panel).ToHaveAttributeAsync("data-step", "imaging-review");
        var fields = panel.Locator("[data-testid=form-preview] [data-field]");
        await Assertions.Expect(fields).ToHaveCountAsync(DefaultWorkflow.Definition.FindForm("imaging")!.Fields.Count);
        await Assertions.Expect(panel.Locator("[data-field=studyDate]")).ToContainTextAsync("Study date");
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "studio-diagram-panel.png"), FullPage = true });

        await panel.GetByTestId("preview-es").ClickAsync();
        await Assertions.Expect(panel.Locator("[data-field=studyDate]")).ToContainTextAsync("Fecha del estudio");

        // The keyboard reaches the same details: focus a step, press Enter.
        await Page.Locator("[data-testid=diagram-node][data-step=sedation-hard-stops]").FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(panel).ToHaveAttributeAsync("data-step", "sedation-hard-stops");
        await Assertions.Expect(panel.GetByTestId("panel-rules")).ToContainTextAsync("asa-iv-v");
    }

    [Fact]
    public async Task The_diagram_with_a_step_open_has_no_serious_accessibility_violation()
    {
        await Page.GotoAsync("/admin/studio/peld-consent/diagram");
        await Page.Locator("[data-testid=diagram-node][data-step=consent-signature]").ClickAsync();
        await Page.GetByTestId("diagram-panel").WaitForAsync();
        var problems = await SeriousViolationsAsync(Page);

        await Page.GotoAsync("/admin/studio/peld-consent/try");
        await Page.Locator("[data-testid=try-task]").First.ClickAsync();
        await Page.GetByTestId("try-form").WaitForAsync();
        problems.AddRange(await SeriousViolationsAsync(Page));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    internal static async Task<List<string>> SeriousViolationsAsync(IPage page)
    {
        var result = await page.RunAxe(new Deque.AxeCore.Commons.AxeRunOptions
        {
            RunOnly = Deque.AxeCore.Commons.RunOnlyOptions.Tags("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"),
        });
        return result.Violations.Where(v => v.Impact is "serious" or "critical")
            .SelectMany(v => v.Nodes.Take(3).Select(n => $"{page.Url}: {v.Id} ({v.Impact}): {n.Target} {v.Help}")).ToList();
    }

    [Fact]
    public async Task An_administrator_tries_the_workflow_submits_a_task_and_moves_the_clock()
    {
        await Page.GotoAsync("/admin/studio/peld-consent/try");
        var imaging = Page.Locator("[data-testid=try-task][data-step=imaging-review]");
        await imaging.ClickAsync();
        await Page.GetByTestId("try-submit").ClickAsync();
        await Assertions.Expect(Page.Locator("[data-testid=diagram-node][data-step=imaging-review]")).ToHaveAttributeAsync("data-state", "Done");
        await Assertions.Expect(imaging).ToHaveCountAsync(0);

        var clock = await Page.GetByTestId("try-clock").InnerTextAsync();
        await Page.GetByTestId("clock-day").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("try-clock")).Not.ToHaveTextAsync(clock);
        await Assertions.Expect(Page.GetByTestId("clock-note")).ToContainTextAsync("timer(s) fired");
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "studio-try-it.png"), FullPage = true });
    }
}

[Collection(AppCollection.Name)]
public sealed class CaseFlowUiTests(RunningApp app, SharedChromium chromium) : BrowserTest(app, chromium, 1280, 900, CaseDriver.Nurse)
{
    [Fact]
    public async Task The_case_flow_shows_a_token_on_each_path_a_new_case_waits_on()
    {
        var patientCase = await CaseDriver.StartAsync(App);
        await Page.GotoAsync($"/cases/{patientCase.InstanceId}/flow");

        var tokens = Page.Locator("[data-testid=diagram-token]");
        await tokens.First.WaitForAsync();
        Assert.Equal(["consent-discussion", "imaging-review", "sedation-screening"],
            (await Task.WhenAll((await tokens.AllAsync()).Select(t => t.GetAttributeAsync("data-step")))).Order(StringComparer.Ordinal));
        await Assertions.Expect(Page.Locator("[data-testid=diagram-node][data-step=imaging-review]")).ToHaveAttributeAsync("data-state", "Waiting");
        await Assertions.Expect(Page.Locator("[data-testid=diagram-node][data-step=prerequisites]")).ToHaveAttributeAsync("data-state", "Done");
        await Assertions.Expect(Page.Locator("[data-testid=diagram-node][data-step=day-of-verification]")).ToHaveAttributeAsync("data-state", "NotReached");
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "case-flow.png"), FullPage = true });
        var problems = await StudioDiagramUiTests.SeriousViolationsAsync(Page);
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        // Reading a case's flow is a read of patient data: audited with the person, like the case page.
        var audit = await App.Services.GetRequiredService<ConsentFlow.Identity.Audit.AccessLog>()
            .ReadAsync(patientCase.InstanceId, null, null, null, CancellationToken.None);
        Assert.Contains(audit, line => line.Kind == "CaseViewed" && line.Subject == $"/cases/{patientCase.InstanceId}/flow" && line.ActorId.Length > 0);
    }

    [Theory]
    [InlineData("/admin/studio/peld-consent/diagram")]
    [InlineData("/admin/studio/peld-consent/try")]
    public async Task A_nurse_gets_no_studio_page(string path)
    {
        var response = await Page.GotoAsync(path);
        Assert.Equal(403, response!.Status);
        await Assertions.Expect(Page.Locator("[data-testid=diagram-node]")).ToHaveCountAsync(0);
    }
}
