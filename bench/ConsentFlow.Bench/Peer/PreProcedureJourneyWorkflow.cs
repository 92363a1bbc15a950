using WorkflowCore.Interface;

namespace ConsentFlow.Bench.Peer;

/// <summary>
/// The peer's journey in WorkflowCore: parallel {imaging, sedation, consent} → join → day-of → ready.
/// Each human step is TaskOpened → WaitFor(event, key = journey id) → StepAdvanced.
/// </summary>
internal sealed class PreProcedureJourneyWorkflow : IWorkflow<JourneyData>
{
    public const string DefinitionId = "pre-procedure-journey";
    public string Id => DefinitionId;
    public int Version => 1;

    public void Build(IWorkflowBuilder<JourneyData> builder) =>
        HumanSteps.WaitFor(builder
                .StartWith(_ => WorkflowCore.Models.ExecutionResult.Next())
                .Parallel()
                .Do(branch => HumanSteps.WaitFor(branch.StartWith<TaskOpened>(), PeerStep.ImagingReview))
                .Do(branch => HumanSteps.WaitFor(branch.StartWith<TaskOpened>(), PeerStep.SedationScreening))
                .Do(branch => HumanSteps.WaitFor(branch.StartWith<TaskOpened>(), PeerStep.ConsentSignature))
                .Join()
                .Then<TaskOpened>(),
            PeerStep.DayOfVerification)
            .Then<JourneyReady>();
}
