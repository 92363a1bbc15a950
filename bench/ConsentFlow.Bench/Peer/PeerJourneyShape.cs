using ConsentFlow.Bench.Harness;
using WorkflowCore.Interface;

namespace ConsentFlow.Bench.Peer;

/// <summary>
/// Which journey the peer runs: its WorkflowCore definition and the consent-path submissions the driver makes before
/// the harness's consent signature (none on the peer's journey).
/// </summary>
public sealed record PeerJourneyShape(WorkloadShape Workload, IWorkflow<JourneyData> Workflow, IReadOnlyList<PeerStep> ConsentPath)
{
    public static readonly PeerJourneyShape PeersJourney = new(WorkloadShape.PeersJourney, new PreProcedureJourneyWorkflow(), []);

    public static readonly PeerJourneyShape Peld = new(WorkloadShape.Peld, new PeldShapeJourneyWorkflow(), PeldShapeJourneyWorkflow.ConsentPath);

    /// <summary>Milestone slots per journey: the peer's journey keeps its nine, so --memory measures what it always did.</summary>
    internal int MilestoneCount => Milestone.CountUpTo(ConsentPath.Append(PeerStep.DayOfVerification).Max());
}
