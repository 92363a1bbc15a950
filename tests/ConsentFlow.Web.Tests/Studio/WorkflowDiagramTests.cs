using Bunit;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Web.Components;
using ConsentFlow.Web.Components.Studio;
using ConsentFlow.Web.Studio.Diagram;
using MudBlazor;
using MudBlazor.Services;

namespace ConsentFlow.Web.Tests.Studio;

/// <summary>The diagram and form preview rendered without a browser (bUnit), on the clinic's default workflow.</summary>
public sealed class WorkflowDiagramTests : IAsyncLifetime
{
    private static WorkflowDefinition Definition => DefaultWorkflow.Definition;

    // MudBlazor's services are only asynchronously disposable, so the context is disposed asynchronously too.
    private readonly BunitContext _bunit = new();

    public WorkflowDiagramTests()
    {
        _bunit.Services.AddMudServices();
        _bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        _bunit.Render<MudPopoverProvider>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    private IRenderedComponent<T> Render<T>(Action<ComponentParameterCollectionBuilder<T>> parameters) where T : Microsoft.AspNetCore.Components.IComponent =>
        _bunit.Render(parameters);

    private IRenderedComponent<WorkflowDiagram> Diagram(InstanceOverlay? overlay = null, string language = "en") =>
        Render<WorkflowDiagram>(p => p.Add(d => d.Definition, Definition).Add(d => d.Overlay, overlay).AddCascadingValue(UiState.For(language)));

    [Fact]
    public void The_default_workflow_draws_one_focusable_node_per_step()
    {
        var diagram = Diagram();
        var nodes = diagram.FindAll("[data-testid=diagram-node]");

        Assert.Equal(Definition.Steps.Count, nodes.Count);
        Assert.Equal(Definition.Steps.Select(s => s.Id).Order(), nodes.Select(n => n.GetAttribute("data-step")!).Order());
        Assert.All(nodes, n =>
        {
            Assert.Equal("button", n.GetAttribute("role"));
            Assert.Equal("0", n.GetAttribute("tabindex"));
            Assert.False(string.IsNullOrWhiteSpace(n.GetAttribute("aria-label")));
        });
        Assert.Contains("Diagram of the workflow", diagram.Find("svg > title").TextContent);
        // The role is written on the step, not only implied.
        Assert.Contains("nurse", diagram.Find("[data-step=imaging-review] [data-testid=diagram-role]").TextContent);
    }

    [Fact]
    public void Arrows_chosen_by_a_rule_carry_the_rule_as_their_label()
    {
        var labels = Diagram().FindAll("[data-testid=edge-label]").Select(l => l.TextContent).ToList();

        Assert.Contains(labels, l => l.Contains("[teachBack.passed]"));
        Assert.Contains(labels, l => l.Contains("[consentDiscussion.patientDecision] == 'declines'"));
        Assert.Contains(labels, l => l.Contains("otherwise"));
        Assert.Contains(labels, l => l.Contains("no stop, or overridden"));
    }

    [Fact]
    public void A_hard_stop_is_drawn_as_an_octagon_and_named_a_hard_stop()
    {
        var stop = Diagram().Find("[data-step=sedation-hard-stops]");

        Assert.Equal("octagon", stop.GetAttribute("data-shape"));
        var outline = stop.QuerySelector("polygon.diagram-shape")!.GetAttribute("points")!;
        Assert.Equal(8, outline.Split(' ').Length);
        Assert.Contains("HARD STOP", stop.TextContent);
        Assert.Contains("Hard stop", stop.GetAttribute("aria-label"));
        Assert.Equal("diamond", Diagram().Find("[data-step=teach-back-check]").GetAttribute("data-shape"));
    }

    [Fact]
    public void An_overlay_marks_steps_done_waiting_and_blocked_in_words_and_shows_the_tokens()
    {
        var overlay = new InstanceOverlay(
            new Dictionary<string, StepState>
            {
                ["prerequisites"] = StepState.Done, ["imaging-review"] = StepState.Done,
                ["sedation-screening"] = StepState.Waiting, ["imaging-checks"] = StepState.Blocked,
            },
            [new TokenPosition("sedation-screening", StepState.Waiting, "sedation-screening"), new TokenPosition("imaging-checks", StepState.Blocked, "imaging-review")]);
        var diagram = Diagram(overlay);

        Assert.Equal("Done", diagram.Find("[data-step=imaging-review]").GetAttribute("data-state"));
        Assert.Contains("Done", diagram.Find("[data-step=imaging-review] [data-testid=diagram-state]").TextContent);
        Assert.Contains("Waiting", diagram.Find("[data-step=sedation-screening] [data-testid=diagram-state]").TextContent);
        Assert.Contains("Blocked", diagram.Find("[data-step=imaging-checks] [data-testid=diagram-state]").TextContent);
        Assert.Equal("NotReached", diagram.Find("[data-step=consent-signature]").GetAttribute("data-state"));
        Assert.Equal(["imaging-checks", "sedation-screening"], diagram.FindAll("[data-testid=diagram-token]").Select(t => t.GetAttribute("data-step")!).Order());
    }

    [Fact]
    public void Clicking_a_step_opens_its_form_rules_and_messages_and_Enter_does_the_same()
    {
        var diagram = Diagram();
        diagram.Find("[data-step=imaging-review]").Click();

        var panel = diagram.Find("[data-testid=diagram-panel]");
        Assert.Equal("imaging-review", panel.GetAttribute("data-step"));
        var fields = diagram.FindAll("[data-testid=form-preview] [data-field]").Select(f => f.GetAttribute("data-field")).ToList();
        Assert.Equal(Definition.FindForm("imaging")!.Fields.Select(f => f.Id), fields);
        Assert.NotNull(diagram.Find("[data-testid=form-preview] fieldset[disabled]"));

        diagram.Find("[data-step=sedation-hard-stops]").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });
        Assert.Equal("sedation-hard-stops", diagram.Find("[data-testid=diagram-panel]").GetAttribute("data-step"));
        Assert.Contains("asa-iv-v", diagram.Find("[data-testid=panel-rules]").TextContent);
    }

    [Fact]
    public void The_form_preview_shows_the_same_form_in_English_and_Spanish()
    {
        var english = Render<FormPreview>(p => p.Add(f => f.Definition, Definition).Add(f => f.FormId, "imaging").Add(f => f.Language, "en"));
        var spanish = Render<FormPreview>(p => p.Add(f => f.Definition, Definition).Add(f => f.FormId, "imaging").Add(f => f.Language, "es"));

        Assert.Contains("Study date", english.Find("[data-field=studyDate]").TextContent);
        Assert.Contains("Fecha del estudio", spanish.Find("[data-field=studyDate]").TextContent);
        Assert.Equal("es", spanish.Find("[data-testid=form-preview]").GetAttribute("lang"));
    }

    [Fact]
    public void The_diagram_speaks_Spanish_when_the_screen_does()
    {
        var diagram = Diagram(language: "es");
        Assert.Contains("PARADA OBLIGATORIA", diagram.Find("[data-step=sedation-hard-stops]").TextContent);
        Assert.Contains("Diagrama del flujo", diagram.Find("svg > title").TextContent);
        Assert.Contains(diagram.FindAll("[data-testid=edge-label]"), l => l.TextContent.Contains("si no"));
    }
}
