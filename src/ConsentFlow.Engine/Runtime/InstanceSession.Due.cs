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

    /// <summary>
    /// The start moved earlier: answers that were on time for the old start but are late for the new one no longer
    /// count (an anesthesiology review 50 hours before a start moved 5 hours earlier): their step opens again.
    /// </summary>
    private void ReopenAnswersNowLate(IReadOnlyCollection<string> changedFields)
    {
        foreach (var step in Definition.Steps.Where(s => s.LateMessage is not null && s.Due is not null && s.Form is not null))
        {
            if (!ReadsCaseFact(step.Due!, changedFields) || !HasPassed(step)) continue;
            if (RuleContext().Value($"{step.Form}.{FormDefinition.SubmittedAt}") is not DateTime submittedAt || DueAt(step) is not { } due || submittedAt <= due) continue;
            Record("answers.late", step.Id, new { dueAtUtc = due, changed = changedFields });
            Rewind(PathOf(step.Id), step.Id);
        }
    }

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
