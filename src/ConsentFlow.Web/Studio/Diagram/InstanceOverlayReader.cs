using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Web.Studio.Diagram;

/// <summary>What the database says about one case's progress, before it is mapped onto the diagram.</summary>
/// <param name="Visited">Steps the journal or a completed task names (a task opened, a decision taken, a stop raised).</param>
public sealed record InstanceProgress(string DefinitionId, int DefinitionVersion, IReadOnlyList<ExecutionToken> Tokens,
    IReadOnlyCollection<string> BlockedSteps, IReadOnlyCollection<string> Visited);

/// <summary>Reads a case's tokens, stops and history (the clinic's database or a try-it sandbox) and turns them into an overlay.</summary>
public static class InstanceOverlayReader
{
    public static async Task<InstanceProgress?> ReadAsync(IDbContextFactory<ConsentFlowDbContext> contexts, Guid instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var instance = await db.Instances.AsNoTracking().Where(i => i.Id == instanceId)
            .Select(i => new { i.DefinitionId, i.DefinitionVersion }).FirstOrDefaultAsync(cancellationToken);
        if (instance is null) return null;
        var tokens = await db.Tokens.AsNoTracking().Where(t => t.InstanceId == instanceId).ToListAsync(cancellationToken);
        var blocked = await db.HardStops.AsNoTracking().Where(s => s.InstanceId == instanceId && s.Status == HardStopStatus.Active)
            .Select(s => s.StepId).Distinct().ToListAsync(cancellationToken);
        var journaled = await db.Journal.AsNoTracking().Where(j => j.InstanceId == instanceId && j.StepId != null)
            .Select(j => j.StepId!).Distinct().ToListAsync(cancellationToken);
        var completed = await db.Tasks.AsNoTracking().Where(t => t.InstanceId == instanceId && t.Status == WorkTaskStatus.Completed)
            .Select(t => t.StepId).Distinct().ToListAsync(cancellationToken);
        return new InstanceProgress(instance.DefinitionId, instance.DefinitionVersion, tokens, blocked, journaled.Union(completed).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// Current positions win: a blocked step, then a waiting or active token. A step the history names is done. Automatic
    /// steps that leave no trace when they pass (a clear hard stop, a timer not needed, a parallel split) count as done
    /// when a step before them was done and a step after them was reached.
    /// </summary>
    public static InstanceOverlay Build(WorkflowDefinition definition, InstanceProgress progress)
    {
        var graph = WorkflowGraph.From(definition);
        var states = new Dictionary<string, StepState>(StringComparer.Ordinal);
        var live = progress.Tokens.Where(t => t.Status is TokenStatus.Active or TokenStatus.Waiting).ToList();
        var positions = live.Select(t => new TokenPosition(t.StepId,
            progress.BlockedSteps.Contains(t.StepId) ? StepState.Blocked : t.Status == TokenStatus.Active ? StepState.Active : StepState.Waiting, t.Path)).ToList();

        foreach (var step in progress.Visited) states[step] = StepState.Done;
        foreach (var token in progress.Tokens.Where(t => t.Status is TokenStatus.Done or TokenStatus.Joined)) states[token.StepId] = StepState.Done;
        foreach (var position in positions)
            if (states.GetValueOrDefault(position.StepId) is not StepState.Blocked and not StepState.Waiting) states[position.StepId] = position.State;
        foreach (var step in progress.BlockedSteps) states[step] = StepState.Blocked;

        var before = graph.Edges.Where(e => e.Kind != EdgeKind.Reconsent).ToLookup(e => e.To, e => e.From);
        var after = graph.Edges.Where(e => e.Kind != EdgeKind.Reconsent).ToLookup(e => e.From, e => e.To);
        bool Reached(string step) => states.GetValueOrDefault(step) is not StepState.NotReached;
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var node in graph.Nodes.Where(n => !Reached(n.StepId) && PassesSilently(n.Kind)))
            {
                var entered = node.StepId == graph.Start || before[node.StepId].Any(s => states.GetValueOrDefault(s) == StepState.Done);
                if (entered && after[node.StepId].Any(Reached))
                {
                    states[node.StepId] = StepState.Done;
                    changed = true;
                }
            }
        }
        return new InstanceOverlay(states, positions);
    }

    private static bool PassesSilently(StepKind kind) =>
        kind is StepKind.Parallel or StepKind.HardStop or StepKind.Timer or StepKind.Escalation or StepKind.Milestone or StepKind.Decision;
}
