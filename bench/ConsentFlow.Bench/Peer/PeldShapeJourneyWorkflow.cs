using WorkflowCore.Interface;

namespace ConsentFlow.Bench.Peer;

/// <summary>
/// The default PELD workflow's shape in WorkflowCore, so the ConsentFlow PELD row has a peer doing the same work:
/// parallel {imaging, sedation, consent path → consent signature} → join → day-of → ready. The consent branch waits
/// in turn for the submissions the ConsentFlow driver makes before the surgeon's attestation (9 units of work per
/// journey, as ConsentFlow's PELD run).
/// </summary>
internal sealed class PeldShapeJourneyWorkflow : IWorkflow<JourneyData>
{
    public const string DefinitionId = "peld-shape-journey";
    public string Id => DefinitionId;
    public int Version => 1;

    /// <summary>The order of ConsentFlowJourney's consent-path submissions: discussion, teach-back, patient, witness.</summary>
    public static readonly IReadOnlyList<PeerStep> ConsentPath =
        [PeerStep.ConsentDiscussion, PeerStep.TeachBack, PeerStep.PatientSignature, PeerStep.WitnessSignature];

    public void Build(IWorkflowBuilder<JourneyData> builder) =>
        HumanSteps.WaitFor(builder
                .StartWith(_ => WorkflowCore.Models.ExecutionResult.Next())
                .Parallel()
                .Do(branch => HumanSteps.WaitFor(branch.StartWith<TaskOpened>(), PeerStep.ImagingReview))
                .Do(branch => HumanSteps.WaitFor(branch.StartWith<TaskOpened>(), PeerStep.SedationScreening))
                .Do(branch => HumanSteps.WaitInTurn(branch.StartWith<TaskOpened>(), [.. ConsentPath, PeerStep.ConsentSignature]))
                .Join()
                .Then<TaskOpened>(),
            PeerStep.DayOfVerification)
            .Then<JourneyReady>();
}
