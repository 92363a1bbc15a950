using ConsentFlow.Web.Studio.Publishing;
using ConsentFlow.Web.Tests.Support;
using Microsoft.Playwright;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ConsentFlow.Web.Tests.Browser;

/// <summary>The studio publishes definitions, so it runs on an app of its own: the shared app's cases keep their workflow.</summary>
public sealed class StudioApp : IAsyncLifetime
{
    // The publish gate runs the scenarios on every draft: a handful that touch imaging keep the test to seconds.
    public RunningApp App { get; } = RunningApp.WithSettings((StudioPublishingServices.ScenariosFolderSetting, ScenarioFolders.Copy(
        "uneventful-patient-becomes-ready.scenario.json",
        "imaging-dated-28-february-is-recent-for-a-procedure-on-31-august.scenario.json",
        "imaging-level-mismatch-is-a-hard-stop-until-the-surgeon-resolves-it.scenario.json")));
    public SharedChromium Chromium { get; } = new();

    public Task InitializeAsync() => App.InitializeAsync();

    public async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        await App.DisposeAsync();
    }
}

public sealed class StudioTests(StudioApp studio) : IClassFixture<StudioApp>, IAsyncLifetime
{
    private const string Editor = "studio-json-editor";
    private IBrowserContext _context = null!;
    private IPage Page { get; set; } = null!;

    public async Task InitializeAsync()
    {
        _context = await studio.Chromium.NewContextAsync(studio.App.BaseAddress, 1400, 1000);
        Page = await _context.NewPageAsync();
    }

    public Task DisposeAsync() => _context.CloseAsync();

    [Fact]
    public async Task An_administrator_breaks_a_rule_sees_the_marker_on_its_line_fixes_it_and_publishes_with_a_note()
    {
        await Support.Chromium.SignInAsync(Page, CaseDriver.Administrator, returnUrl: "/admin/studio");
        await Page.GotoAsync("/admin");
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("/admin/studio$"));
        await Page.Locator("[data-definition=peld-consent]").GetByTestId("open-definition").ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("/admin/studio/peld-consent$"));
        await Assertions.Expect(Page.Locator("[data-testid=studio-editor][data-editor-ready=true]")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(InEditor("editor-valid")).ToBeVisibleAsync();

        // Breaks a rule by typing: the imaging review now leads to a step that does not exist.
        var line = await Page.EvaluateAsync<int>("([id, context, word]) => studioEditor.select(id, context, word)",
            new[] { Editor, "\"next\": \"imaging-checks\"", "imaging-checks" });
        await Page.Keyboard.TypeAsync("imaging-chekcs");

        var problem = InEditor("editor-problem").Filter(new() { HasText = "imaging-chekcs" });
        await Assertions.Expect(problem).ToBeVisibleAsync();
        await Assertions.Expect(problem).ToHaveAttributeAsync("data-line", line.ToString());
        var markers = await MarkersAsync();
        Assert.Contains(markers, m => m.Line == line && m.Message.Contains("imaging-chekcs"));

        // The list takes the cursor to the problem.
        await Page.EvaluateAsync("id => studioEditor.reveal(id, 1, 1)", Editor);
        await problem.ClickAsync();
        await Page.WaitForFunctionAsync("([id, line]) => studioEditor.cursor(id)?.line === line", new object[] { Editor, line });

        // Fixes it: the marker goes away.
        await Page.EvaluateAsync("([id, context, word]) => studioEditor.select(id, context, word)", new[] { Editor, "\"next\": \"imaging-chekcs\"", "imaging-chekcs" });
        await Page.Keyboard.TypeAsync("imaging-checks");
        await Assertions.Expect(InEditor("editor-valid")).ToBeVisibleAsync();
        Assert.Empty(await MarkersAsync());

        // A change without JSON: the imaging study date gets a clearer Spanish label.
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Forms, thresholds, roles" }).ClickAsync();
        var label = Page.Locator("[data-field=studyDate] [data-testid=field-label-es]");
        await label.FillAsync("Fecha del estudio de imagen");
        await label.PressAsync("Tab");
        await Assertions.Expect(Page.GetByTestId("unsaved")).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Editor" }).ClickAsync();
        await Assertions.Expect(InEditor("editor-valid")).ToBeVisibleAsync();
        Assert.Contains("Fecha del estudio de imagen", await Page.EvaluateAsync<string>("id => blazorMonaco.editor.getEditor(id).getValue()", Editor));

        await Page.GetByTestId("save-draft").ClickAsync();
        await Assertions.Expect(Page.Locator("[data-testid=draft-history] [data-revision]")).ToHaveCountAsync(1);
        await Assertions.Expect(Page.GetByTestId("unsaved")).ToHaveCountAsync(0);

        await PublishAsync();
        await Assertions.Expect(Page.GetByTestId("draft-state")).ToContainTextAsync("Published: v2.");
    }

    [Fact]
    public async Task Discarding_edits_asks_first_and_keeps_them_when_cancelled()
    {
        await Support.Chromium.SignInAsync(Page, CaseDriver.Administrator, returnUrl: "/admin/studio/peld-consent");
        await Assertions.Expect(Page.Locator("[data-testid=studio-editor][data-editor-ready=true]")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Page.EvaluateAsync("([id, context, word]) => studioEditor.select(id, context, word)", new[] { Editor, "\"inrMax\": 1.4", "1.4" });
        await Page.Keyboard.TypeAsync("1.3");
        await Assertions.Expect(Page.GetByTestId("unsaved")).ToBeVisibleAsync();

        await Page.GetByTestId("discard-changes").ClickAsync();
        await DialogButton("Cancel").ClickAsync();
        Assert.Contains("\"inrMax\": 1.3", await EditorTextAsync());

        await Page.GetByTestId("discard-changes").ClickAsync();
        await DialogButton("Discard").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("unsaved")).ToHaveCountAsync(0);
        Assert.Contains("\"inrMax\": 1.4", await EditorTextAsync());
    }

    [Fact]
    public async Task A_nurse_cannot_open_the_studio()
    {
        await Support.Chromium.SignInAsync(Page, CaseDriver.Nurse);
        foreach (var path in new[] { "/admin/studio", "/admin/studio/peld-consent", "/admin" })
        {
            var response = await Page.GotoAsync(path);
            Assert.Equal(403, response!.Status);
        }
        await Assertions.Expect(Page.GetByTestId("studio-editor")).ToHaveCountAsync(0);
        await Assertions.Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Workflows" })).ToHaveCountAsync(0);
    }

    /// <summary>Runs the scenarios on the draft, reads the diff and the affected cases, then publishes with a note.</summary>
    private async Task PublishAsync()
    {
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Scenarios & publish" }).ClickAsync();
        await Page.GetByTestId("run-scenarios").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("scenario-summary")).ToContainTextAsync(" 0 failed", new() { Timeout = 300_000 });

        await Page.GetByTestId("review-changes").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("publish-diff")).ToContainTextAsync("studyDate");
        await Assertions.Expect(Page.GetByTestId("affected-count")).ToBeVisibleAsync();

        await Page.GetByTestId("publish-note").FillAsync("Clearer Spanish label for the imaging study date.");
        await Page.GetByTestId("publish-password").FillAsync(Web.Hosting.DemoStaff.Password);
        await Page.GetByTestId("publish").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("publish-result")).ToContainTextAsync("Published peld-consent version 2.");

        await Page.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("version-note").Filter(new() { HasText = "Clearer Spanish label" })).ToBeVisibleAsync();
    }

    private ILocator InEditor(string testId) => Page.GetByTestId("studio-editor").GetByTestId(testId);

    private ILocator DialogButton(string name) => Page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    private Task<string> EditorTextAsync() => Page.EvaluateAsync<string>("id => blazorMonaco.editor.getEditor(id).getValue()", Editor);

    private sealed record Marker(int Line, int Column, string Message);

    private async Task<IReadOnlyList<Marker>> MarkersAsync()
    {
        var markers = await Page.EvaluateAsync<JsonElement>("id => studioEditor.markers(id)", Editor);
        return markers.EnumerateArray().Select(m => new Marker(m.GetProperty("line").GetInt32(), m.GetProperty("column").GetInt32(), m.GetProperty("message").GetString()!)).ToList();
    }
}
