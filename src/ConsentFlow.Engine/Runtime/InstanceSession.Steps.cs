using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Expressions;
using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Engine.Runtime;

internal sealed partial class InstanceSession
{
    private const int MaxAutomaticSteps = 1000;

    public ExecutionToken NewToken(string? path)
    {
        var token = new ExecutionToken { Id = Ids.New(), InstanceId = Instance.Id, Path = path, Status = TokenStatus.Active, CreatedAtUtc = Now };
        Tokens.Add(token);
        Add(token);
        return token;
    }

    /// <summary>Moves a token into a step and runs automatic steps until every token waits for a person, a timer or a join.</summary>
    public void MoveTo(ExecutionToken token, string stepId)
    {
        var queue = new Queue<(ExecutionToken, string)>([(token, stepId)]);
        var budget = MaxAutomaticSteps; // a decision loop with no human step in it must not spin forever
        while (queue.TryDequeue(out var item))
        {
            if (--budget < 0) throw new RejectedException($"Workflow '{Definition.Id}' loops through automatic steps without waiting; check its decisions.");
            var (current, target) = item;
            current.StepId = target;
            current.Status = TokenStatus.Active;
            foreach (var next in Run(current, Definition.Step(target))) queue.Enqueue(next);
        }
    }

    private IEnumerable<(ExecutionToken, string)> Run(ExecutionToken token, StepDefinition step)
    {
        switch (step.Kind)
        {
            case StepKind.HumanTask:
                OpenTask(token, step, TaskKind.Form, [step.Role!], step.Form, reason: null);
                token.Status = TokenStatus.Waiting;
                break;
            case StepKind.Signature:
                token.Status = TokenStatus.Waiting;
                if (StartSignature(token, step)) { token.Status = TokenStatus.Active; yield return (token, step.Next!); }
                break;
            case StepKind.Decision:
                var context = RuleContext();
                var branch = step.Branches.FirstOrDefault(b => Rule.Parse(b.When).Holds(context));
                Record("decision.taken", step.Id, new { branch = branch?.When ?? "otherwise", next = branch?.Next ?? step.Otherwise });
                yield return (token, branch?.Next ?? step.Otherwise!);
                break;
            case StepKind.Parallel:
                token.Status = TokenStatus.Done;
                foreach (var path in step.Paths) yield return (NewToken(path), path);
                break;
            case StepKind.Join:
                token.Status = TokenStatus.Waiting;
                if (TryJoin(step) is { } joined) yield return (joined, step.Next!);
                break;
            case StepKind.Timer:
                if (StartTimer(token, step)) yield return (token, step.Next!);
                break;
            case StepKind.HardStop:
                if (RaiseHardStops(token, step)) yield return (token, step.Next!);
                break;
            case StepKind.Escalation:
                var (escalate, unknownReason) = EscalationCheck(step);
                if (!escalate) { yield return (token, step.Next!); break; }
                var review = OpenTask(token, step, TaskKind.Escalation, [step.Role!], step.Form, step.Reason);
                if (unknownReason is not null) review.ReasonJson = unknownReason;
                token.Status = TokenStatus.Waiting;
                Record("escalation.opened", step.Id, new { role = step.Role, undecidable = unknownReason is not null });
                break;
            case StepKind.End:
                token.Status = TokenStatus.Done;
                Finish(step);
                break;
            case StepKind.Milestone:
                MarkReady(step);
                yield return (token, step.Next!);
                break;
        }
    }

    private ExecutionToken? TryJoin(StepDefinition join)
    {
        var split = Definition.Step(join.Joins!);
        var arrived = Tokens.Where(t => t.StepId == join.Id && t.Status == TokenStatus.Waiting).ToList();
        if (arrived.Select(t => t.Path).Distinct().Count() < split.Paths.Count) return null;
        foreach (var token in arrived) token.Status = TokenStatus.Joined;
        Record("join.completed", join.Id, new { paths = split.Paths });
        return NewToken(path: null);
    }

    private bool StartTimer(ExecutionToken token, StepDefinition step)
    {
        var context = RuleContext();
        if (step.When is { } when && !Rule.Parse(when).Holds(context)) return true;
        if (Rule.Parse(step.Until!).Evaluate(context) is not DateTime until || until <= Now) return true;
        var timer = new ScheduledTimer
        {
            Id = Ids.New(), InstanceId = Instance.Id, Purpose = TimerPurpose.StepDelay, TokenId = token.Id,
            DueAtUtc = DateTime.SpecifyKind(until, DateTimeKind.Utc), Status = TimerStatus.Pending,
            MessageJson = step.WaitingMessage is null ? null : Localized(step.WaitingMessage, context),
        };
        PendingTimers.Add(timer);
        Add(timer);
        token.Status = TokenStatus.Waiting;
        Record("timer.set", step.Id, new { dueAtUtc = timer.DueAtUtc });
        return false;
    }

    private bool RaiseHardStops(ExecutionToken token, StepDefinition step)
    {
        var firing = StopFindings(step);
        if (firing.Count == 0) return true;
        RaiseStops(token, step, firing);
        return false;
    }

    /// <summary>Holds the token at <paramref name="step"/> until its override roles lift every finding, each with a reason.</summary>
    private void RaiseStops(ExecutionToken token, StepDefinition step, IReadOnlyList<StopFinding> firing)
    {
        // Domain §3: some stops need the surgeon *and* anesthesia, each with their own reason: one task per role then.
        var tasks = step.OverrideBy == OverrideBy.EveryRole
            ? step.OverrideRoles.Select(role => OpenTask(token, step, TaskKind.Override, [role], form: null, reason: null)).ToList()
            : [OpenTask(token, step, TaskKind.Override, step.OverrideRoles, form: null, reason: null)];
        foreach (var rule in firing)
        {
            var stop = new HardStop
            {
                Id = Ids.New(), InstanceId = Instance.Id, TokenId = token.Id, OverrideTaskId = tasks[0].Id, StepId = step.Id,
                RuleId = rule.RuleId, MessageJson = rule.MessageJson, Status = HardStopStatus.Active, RaisedAtUtc = Now,
            };
            ActiveStops.Add(stop);
            Add(stop);
            _stopsRaised++;
        }
        var reasons = CombinedMessages(ActiveStops.Where(s => s.TokenId == token.Id && s.StepId == step.Id && s.Status == HardStopStatus.Active).Select(s => s.MessageJson));
        foreach (var task in tasks) task.ReasonJson = reasons;
        token.Status = TokenStatus.Waiting;
        Record("hardstop.raised", step.Id, new { rules = firing.Select(r => r.RuleId), overrideRoles = step.OverrideRoles });
    }

    private static string CombinedMessages(IEnumerable<string> messagesJson)
    {
        var messages = messagesJson.Select(m => System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(m)!).ToList();
        var combined = LocalizedText.RequiredLanguages.ToDictionary(l => l, l => string.Join(" ", messages.Select(m => m.GetValueOrDefault(l, ""))));
        return System.Text.Json.JsonSerializer.Serialize(combined);
    }

    public WorkTask OpenTask(ExecutionToken token, StepDefinition step, TaskKind kind, IReadOnlyList<string> roles, string? form,
        LocalizedText? reason, string? signerRole = null, Guid? consentId = null)
    {
        var task = new WorkTask
        {
            Id = Ids.New(), InstanceId = Instance.Id, TokenId = token.Id, StepId = step.Id, Kind = kind,
            Roles = "," + string.Join(',', roles) + ",", FormId = form, SignerRole = signerRole, ConsentId = consentId,
            ReasonJson = reason is null ? null : Localized(reason, RuleContext()), Status = WorkTaskStatus.Open, CreatedAtUtc = Now,
            DueAtUtc = kind == TaskKind.Override ? null : DueAt(step),
        };
        OpenTasks.Add(task);
        Add(task);
        AddDueTimer(task);
        Record("task.opened", step.Id, new { task = task.Id, kind = kind.ToString(), roles, form, signerRole });
        return task;
    }

    private void Finish(StepDefinition end)
    {
        switch (end.Outcome)
        {
            case EndOutcome.Ready:
                if (Tokens.Any(t => t.Status is TokenStatus.Active or TokenStatus.Waiting)) return;
                MarkReady(end);
                break;
            case EndOutcome.Completed:
                Instance.Status = InstanceStatus.Completed;
                Record("workflow.completed", end.Id, new { });
                break;
            case EndOutcome.Cancelled:
                Close(InstanceStatus.Cancelled, "workflow reached a cancelled end");
                break;
            case EndOutcome.Withdrawn:
                Close(InstanceStatus.Withdrawn, "workflow reached a withdrawn end");
                break;
        }
    }

    /// <summary>Every prerequisite is met; steps after a ready milestone (the procedure day) keep the case ready.</summary>
    private void MarkReady(StepDefinition step)
    {
        Instance.Status = InstanceStatus.Ready;
        Record("workflow.ready", step.Id, new { });
    }

    /// <summary>Ends the instance: nothing stays open, nothing fires later.</summary>
    public void Close(InstanceStatus status, string reason)
    {
        foreach (var token in Tokens.Where(t => t.Status is TokenStatus.Active or TokenStatus.Waiting or TokenStatus.Joined)) CancelToken(token);
        foreach (var consent in LiveConsents.Where(c => c.Status is ConsentStatus.Proposed or ConsentStatus.Active)) Deactivate(consent, reason);
        Instance.Status = status;
        Record("workflow.closed", null, new { status = status.ToString(), reason });
    }

    /// <summary>Stops a token and everything hanging off it: its open tasks, hard stops and timers.</summary>
    public void CancelToken(ExecutionToken token)
    {
        token.Status = TokenStatus.Cancelled;
        foreach (var task in OpenTasks.Where(t => t.TokenId == token.Id && t.Status == WorkTaskStatus.Open))
        {
            task.Status = WorkTaskStatus.Cancelled;
            task.Version++;
            CancelTimers(t => t.TaskId == task.Id);
        }
        foreach (var stop in ActiveStops.Where(s => s.TokenId == token.Id && s.Status == HardStopStatus.Active)) stop.Status = HardStopStatus.Cancelled;
        CancelTimers(t => t.TokenId == token.Id);
    }

    public void CancelTimers(Func<ScheduledTimer, bool> which)
    {
        foreach (var timer in PendingTimers.Where(t => t.Status == TimerStatus.Pending && which(t))) timer.Status = TimerStatus.Cancelled;
    }
}
