using ConsentFlow.Bench.Harness;
using WorkflowCore.Interface;

namespace ConsentFlow.Bench.Peer;

/// <summary>
/// The benchmark journey in WorkflowCore: parallel {imaging, sedation, consent} → join → day-of → ready.
/// Each human step is TaskOpened → WaitFor(event, key = journey id) → StepAdvanced.
/// </summary>
internal sealed class PreProcedureJourneyWorkflow : IWorkflow<JourneyData>
{
    public const string DefinitionId = "pre-procedure-journey";
    public string Id => DefinitionId;
    public int Version => 1;

    public void Build(IWorkflowBuilder<JourneyData> builder) =>
        HumanStepOf(builder
                .StartWith(_ => WorkflowCore.Models.ExecutionResult.Next())
                .Parallel()
                .Do(branch => HumanStepOf(branch.StartWith<TaskOpened>(), HumanStep.ImagingReview))
                .Do(branch => HumanStepOf(branch.StartWith<TaskOpened>(), HumanStep.SedationScreening))
                .Do(branch => HumanStepOf(branch.StartWith<TaskOpened>(), HumanStep.ConsentSignature))
                .Join()
                .Then<TaskOpened>(),
            HumanStep.DayOfVerification)
            .Then<JourneyReady>();

    /// <summary>Completes a human step whose TaskOpened step has just been added: names it, waits, marks it advanced.</summary>
    private static IStepBuilder<JourneyData, StepAdvanced> HumanStepOf(
        IStepBuilder<JourneyData, TaskOpened> opened, HumanStep step) =>
        opened
            .Input(s => s.Step, _ => step)
            .WaitFor(JourneyEvents.NameOf(step), data => data.JourneyId, data => data.AcceptEventsFromUtc)
            .Then<StepAdvanced>()
            .Input(s => s.Step, _ => step);
}
