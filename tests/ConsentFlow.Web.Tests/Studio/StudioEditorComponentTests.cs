using Bunit;
using ConsentFlow.Web.Components;
using ConsentFlow.Web.Components.Studio;
using ConsentFlow.Web.Studio.Editing;
using ConsentFlow.Web.Tests.Support;
using MudBlazor;
using MudBlazor.Services;

namespace ConsentFlow.Web.Tests.Studio;

/// <summary>The editor's problem list and the structured editor rendered without a browser (bUnit).</summary>
public sealed class StudioEditorComponentTests : IAsyncLifetime
{
    private static readonly string DefaultJson = File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, "peld-consent.workflow.json"));
    private readonly BunitContext _bunit = new();

    public StudioEditorComponentTests()
    {
        _bunit.Services.AddMudServices();
        _bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        _bunit.Render<MudPopoverProvider>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    [Fact]
    public void Each_problem_is_listed_with_its_line_and_choosing_one_reports_it()
    {
        var broken = DefaultJson.Replace("\"next\": \"imaging-checks\"", "\"next\": \"imaging-chekcs\"");
        var problems = DraftCheck.Run(broken).Problems;
        EditorProblem? chosen = null;
        var list = _bunit.Render<EditorProblems>(p => p.Add(c => c.Problems, problems).Add(c => c.OnSelect, (EditorProblem problem) => chosen = problem));

        var items = list.FindAll("[data-testid=editor-problem]");
        Assert.Equal(problems.Count, items.Count);
        var index = problems.ToList().FindIndex(p => p.Message.Contains("imaging-chekcs"));
        Assert.Equal(problems[index].Span!.StartLine.ToString(), items[index].GetAttribute("data-line"));
        Assert.Contains($"Line {problems[index].Span!.StartLine}", items[index].TextContent);
        items[index].Click();
        Assert.Same(problems[index], chosen);
    }

    [Fact]
    public void A_draft_without_problems_says_it_passes_every_check_in_spanish_too()
    {
        var list = _bunit.Render<EditorProblems>(p => p.Add(c => c.Problems, []).Add(c => c.Ui, UiState.For("es")));
        Assert.Contains("Sin problemas", list.Find("[data-testid=editor-valid]").TextContent);
    }

    [Fact]
    public void Moving_a_field_in_the_structured_editor_rewrites_the_draft_text()
    {
        string? changed = null;
        var editor = _bunit.Render<StructuredEditor>(p => p.Add(c => c.Text, DefaultJson).Add(c => c.TextChanged, (string text) => changed = text));

        var rows = editor.FindAll("[data-testid=structured-fields] tr[data-field]");
        var second = rows[1].GetAttribute("data-field")!;
        editor.Find($"tr[data-field={second}] button[aria-label='Move {second} up']").Click();

        Assert.NotNull(changed);
        Assert.Equal(second, StructuredDraft.TryParse(changed!)!.Forms[0].Fields[0].Id);
        Assert.True(DraftCheck.Run(changed!).IsValid);
    }

    [Fact]
    public void The_structured_editor_waits_for_valid_json()
    {
        var editor = _bunit.Render<StructuredEditor>(p => p.Add(c => c.Text, "{ broken"));
        Assert.Empty(editor.FindAll("[data-testid=structured-fields]"));
        Assert.Contains("not valid JSON", editor.Markup);
    }
}
