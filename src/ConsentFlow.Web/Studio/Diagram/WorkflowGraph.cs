using ConsentFlow.Engine.Definitions;

namespace ConsentFlow.Web.Studio.Diagram;

/// <summary>Why one step leads to another, so the diagram can say it in words.</summary>
public enum EdgeKind
{
    /// <summary>The step's <c>next</c> once it is done (a hard stop: once clear or overridden).</summary>
    Next,
    /// <summary>A decision's branch, taken when its rule holds.</summary>
    Branch,
    /// <summary>A decision's fallback when no branch holds.</summary>
    Otherwise,
    /// <summary>One of a parallel step's paths, all started together.</summary>
    Path,
    /// <summary>A consent that must be given again (expired, revised, withdrawn concern) goes back to this step.</summary>
    Reconsent,
}

/// <summary>A step as the diagram shows it: its kind and who acts on it.</summary>
public sealed record GraphNode(string StepId, StepKind Kind, LocalizedText? Title, IReadOnlyList<string> Roles)
{
    /// <summary>The step's title in a language, else its id (automatic steps often have no title).</summary>
    public string Label(string language) => Title?.In(language) is { Length: > 0 } title ? title : StepId;
}

/// <summary>One arrow of the workflow; <see cref="Condition"/> is the rule that chooses it, when one does.</summary>
public sealed record GraphEdge(string From, string To, EdgeKind Kind, string? Condition = null);

/// <summary>The steps of a definition and the arrows between them, in the order the definition lists them.</summary>
public sealed record WorkflowGraph(string Start, IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges)
{
    public static WorkflowGraph From(WorkflowDefinition definition)
    {
        var ids = definition.Steps.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var nodes = definition.Steps.Select(step => new GraphNode(step.Id, step.Kind, step.Title, RolesOf(step))).ToList();
        var edges = new List<GraphEdge>();
        foreach (var step in definition.Steps)
        {
            foreach (var path in step.Paths) edges.Add(new(step.Id, path, EdgeKind.Path));
            foreach (var branch in step.Branches) edges.Add(new(step.Id, branch.Next, EdgeKind.Branch, branch.When));
            if (step.Otherwise is { } otherwise) edges.Add(new(step.Id, otherwise, EdgeKind.Otherwise));
            if (step.Next is { } next) edges.Add(new(step.Id, next, EdgeKind.Next));
            if (step.Reconsent is { } reconsent) edges.Add(new(step.Id, reconsent, EdgeKind.Reconsent));
        }
        // A draft may point at a step that does not exist yet; the validator reports it, the diagram leaves the arrow out.
        return new WorkflowGraph(definition.Start, nodes, edges.Where(e => ids.Contains(e.From) && ids.Contains(e.To)).ToList());
    }

    /// <summary>Who acts on the step: its assignee, each signer, or those who may override a stop.</summary>
    public static IReadOnlyList<string> RolesOf(StepDefinition step)
    {
        IEnumerable<string> roles = step.Kind switch
        {
            StepKind.Signature => step.Signers.Select(s => s.Role),
            StepKind.HardStop => step.OverrideRoles,
            _ => step.Role is { } role ? [role] : [],
        };
        return roles.Distinct(StringComparer.Ordinal).ToList();
    }
}
