using System.Diagnostics;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace ConsentFlow.Bench.Peer;

/// <summary>Runs just before a WaitFor: the task is now on the worklist.</summary>
internal sealed class TaskOpened(MilestoneBoard board) : StepBody
{
    public PeerStep Step { get; set; }

    public override ExecutionResult Run(IStepExecutionContext context)
    {
        var now = Stopwatch.GetTimestamp();
        board.Reach(((JourneyData)context.Workflow.Data).JourneyId, Milestone.TaskOpened(Step), now);
        return ExecutionResult.Next();
    }
}

/// <summary>Runs right after a WaitFor: the submission has been taken and the workflow moved on. Ends the latency.</summary>
internal sealed class StepAdvanced(MilestoneBoard board) : StepBody
{
    public PeerStep Step { get; set; }

    public override ExecutionResult Run(IStepExecutionContext context)
    {
        var now = Stopwatch.GetTimestamp(); // first, so the board's bookkeeping is not charged to WorkflowCore
        board.Reach(((JourneyData)context.Workflow.Data).JourneyId, Milestone.StepAdvanced(Step), now);
        return ExecutionResult.Next();
    }
}

/// <summary>The end state "ready".</summary>
internal sealed class JourneyReady(MilestoneBoard board) : StepBody
{
    public override ExecutionResult Run(IStepExecutionContext context)
    {
        board.Reach(((JourneyData)context.Workflow.Data).JourneyId, Milestone.Ready, Stopwatch.GetTimestamp());
        return ExecutionResult.Next();
    }
}
