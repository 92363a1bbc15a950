using ConsentFlow.Engine.Definitions;
using ConsentFlow.Web.Studio.Diagram;

namespace ConsentFlow.Web.Tests.Studio;

public sealed class DiagramLayoutTests
{
    private static readonly DiagramLayout Default = LayeredLayout.Arrange(WorkflowGraph.From(DefaultWorkflow.Definition));

    [Fact]
    public void Every_step_of_the_default_workflow_is_drawn_once()
    {
        Assert.Equal(DefaultWorkflow.Definition.Steps.Select(s => s.Id).Order(), Default.Nodes.Select(n => n.Node.StepId).Order());
    }

    [Fact]
    public void No_two_steps_overlap()
    {
        var nodes = Default.Nodes;
        for (var i = 0; i < nodes.Count; i++)
            for (var j = i + 1; j < nodes.Count; j++)
            {
                var (a, b) = (nodes[i], nodes[j]);
                var apart = a.Right <= b.X || b.Right <= a.X || a.Bottom <= b.Y || b.Bottom <= a.Y;
                Assert.True(apart, $"{a.Node.StepId} overlaps {b.Node.StepId}");
            }
        Assert.All(nodes, n => Assert.True(n.X >= 0 && n.Y >= 0 && n.Right <= Default.Width && n.Bottom <= Default.Height, $"{n.Node.StepId} is outside the canvas"));
    }

    [Fact]
    public void Every_arrow_points_down_to_a_later_layer_except_the_loops_back()
    {
        var layer = Default.Nodes.ToDictionary(n => n.Node.StepId, n => n.Layer);
        foreach (var edge in Default.Edges.Where(e => !e.IsBackEdge))
            Assert.True(layer[edge.Edge.From] < layer[edge.Edge.To], $"{edge.Edge.From} → {edge.Edge.To} does not go down");
        foreach (var edge in Default.Edges.Where(e => e.IsBackEdge))
            Assert.True(layer[edge.Edge.From] >= layer[edge.Edge.To], $"{edge.Edge.From} → {edge.Edge.To} is drawn as a loop but goes down");

        // The loops of the default workflow: re-consent, teach-back again, and each WHO checklist until complete.
        Assert.Equal(
            ["clinician-discussion→teach-back", "consent-signature→consent-discussion", "sign-in-check→sign-in", "sign-out-check→sign-out", "time-out-check→time-out"],
            Default.Edges.Where(e => e.IsBackEdge).Select(e => $"{e.Edge.From}→{e.Edge.To}").Order(StringComparer.Ordinal));
        Assert.Equal(WorkflowGraph.From(DefaultWorkflow.Definition).Edges.Count, Default.Edges.Count);
    }

    [Fact]
    public void The_paths_of_a_parallel_step_sit_side_by_side_in_one_layer()
    {
        var parallel = DefaultWorkflow.Definition.Steps.Single(s => s.Kind == StepKind.Parallel);
        var paths = parallel.Paths.Select(p => Default.Find(p)!).ToList();
        Assert.Equal(3, paths.Count);
        Assert.Single(paths.Select(p => p.Layer).Distinct());
        Assert.Equal(Default.Find(parallel.Id)!.Layer + 1, paths[0].Layer);
        Assert.Equal(paths.Count, paths.Select(p => p.X).Distinct().Count());
    }

    [Fact]
    public void A_small_workflow_with_a_loop_and_a_join_is_layered_from_its_start()
    {
        var definition = new WorkflowDefinition
        {
            Id = "small", Title = LocalizedText.Of("Small", "Pequeño"), Start = "split",
            Steps =
            [
                new StepDefinition { Id = "split", Kind = StepKind.Parallel, Paths = ["a", "b"] },
                new StepDefinition { Id = "a", Kind = StepKind.HumanTask, Role = "nurse", Next = "check" },
                new StepDefinition { Id = "check", Kind = StepKind.Decision, Branches = [new DecisionBranch("[a.ok]", "join")], Otherwise = "a" },
                new StepDefinition { Id = "b", Kind = StepKind.HumanTask, Role = "surgeon", Next = "join" },
                new StepDefinition { Id = "join", Kind = StepKind.Join, Joins = "split", Next = "end" },
                new StepDefinition { Id = "end", Kind = StepKind.End, Outcome = EndOutcome.Completed },
            ],
        };
        var layout = LayeredLayout.Arrange(WorkflowGraph.From(definition));
        int Layer(string id) => layout.Find(id)!.Layer;

        Assert.Equal([0, 1, 1, 2, 3, 4], new[] { "split", "a", "b", "check", "join", "end" }.Select(Layer));
        var loop = Assert.Single(layout.Edges, e => e.IsBackEdge);
        Assert.Equal(("check", "a", EdgeKind.Otherwise), (loop.Edge.From, loop.Edge.To, loop.Edge.Kind));
        // b → join skips the decision's layer: the arrow bends through a passage instead of crossing a step.
        var skipping = layout.Edges.Single(e => e.Edge.From == "b");
        Assert.Equal(3, skipping.Points.Count);
    }
}
