using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Expressions;
using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Engine.Runtime;

/// <summary>Due times count back from the procedure and never fall after its start; a late task can block the case.</summary>
internal sealed partial class InstanceSession
{
    /// <summary>When a task of <paramref name="step"/> is due, or null when it has no due time.</summary>
    public DateTime? DueAt(StepDefinition step)
    {
        DateTime? due = step.DueInHours is { } hours ? Now.AddHours(hours) : null;
        if (step.Due is { } rule)
        {
            try
            {
                due = Rule.Parse(rule).Evaluate(RuleContext()) is DateTime moment ? ToUtc(moment) : null;
            }
            catch (RuleEvaluationException)
            {
                due = null; // a due time is a reminder; what it cannot compute must not block the task from opening
            }
        }
        return due > Case.ScheduledStartUtc ? Case.ScheduledStartUtc : due;
    }

    /// <summary>A date from a rule is a calendar day in the clinic; an instant is already UTC.</summary>
    private DateTime ToUtc(DateTime moment) =>
        moment.Kind == DateTimeKind.Utc ? moment : TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(moment, DateTimeKind.Unspecified), Zone);

    /// <summary>True when the step says lateness matters and this completion comes after its due time.</summary>
    private bool CompletedLate(StepDefinition step) => step.LateMessage is not null && DueAt(step) is { } due && Now > due;

    /// <summary>The start moved: open tasks whose due time counts from it are due at the new time.</summary>
    private void RescheduleDueTimes()
    {
        foreach (var task in OpenTasks.Where(t => t.Status == WorkTaskStatus.Open && Definition.FindStep(t.StepId)?.Due is not null))
        {
            task.DueAtUtc = DueAt(Definition.Step(task.StepId));
            CancelTimers(t => t.TaskId == task.Id && t.Purpose == TimerPurpose.TaskDue);
            AddDueTimer(task);
        }
    }

    private void AddDueTimer(WorkTask task)
    {
        if (task.DueAtUtc is not { } due) return;
        var timer = new ScheduledTimer { Id = Ids.New(), InstanceId = Instance.Id, Purpose = TimerPurpose.TaskDue, TaskId = task.Id, DueAtUtc = due, Status = TimerStatus.Pending };
        PendingTimers.Add(timer);
        Add(timer);
    }
}
