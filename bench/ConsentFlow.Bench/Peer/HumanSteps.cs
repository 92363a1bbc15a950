using WorkflowCore.Interface;

namespace ConsentFlow.Bench.Peer;

/// <summary>
/// How the peer's workflows model a human step: TaskOpened → WaitFor(event, key = journey id) → StepAdvanced. Shared
/// by both journey shapes so they differ only in which steps they wait for.
/// </summary>
internal static class HumanSteps
{
    /// <summary>Completes a human step whose TaskOpened step has just been added: names it, waits, marks it advanced.</summary>
    public static IStepBuilder<JourneyData, StepAdvanced> WaitFor(IStepBuilder<JourneyData, TaskOpened> opened, PeerStep step) =>
        opened
            .Input(s => s.Step, _ => step)
            .WaitFor(PeerSteps.EventNameOf(step), data => data.JourneyId, data => data.AcceptEventsFromUtc)
            .Then<StepAdvanced>()
            .Input(s => s.Step, _ => step);

    /// <summary>The steps one after another, each opened only once the one before has advanced.</summary>
    public static IStepBuilder<JourneyData, StepAdvanced> WaitInTurn(IStepBuilder<JourneyData, TaskOpened> opened, IReadOnlyList<PeerStep> steps)
    {
        var advanced = WaitFor(opened, steps[0]);
        foreach (var step in steps.Skip(1)) advanced = WaitFor(advanced.Then<TaskOpened>(), step);
        return advanced;
    }
}
