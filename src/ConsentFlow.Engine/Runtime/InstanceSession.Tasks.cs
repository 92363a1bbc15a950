using System.Text.Json.Nodes;
using ConsentFlow.Engine.Forms;
using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Engine.Runtime;

internal sealed partial class InstanceSession
{
    public const int MinimumOverrideReasonLength = 10;
    public const int MaximumOverrideReasonLength = 900; // two roles' reasons must fit the stop's 2,000-character column

    /// <summary>Validates the answers against the task's form, records them and moves the workflow on.</summary>
    /// <param name="shown">For a signature: the template version the signer was shown (kept only with a consent's first signature).</param>
    public void Complete(WorkTask task, JsonObject submitted, ShownTemplate? shown = null)
    {
        EnsureDistinctPerson(task);
        var answers = Validate(task, submitted);
        var step = Definition.Step(task.StepId);
        EnsureAccepted(AcceptConditions(task, step), task.FormId, answers);
        task.Status = WorkTaskStatus.Completed;
        task.CompletedAtUtc = Now;
        task.CompletedBy = Actor.Id;
        task.CompletedByRole = Actor.Role;
        task.Version++;
        CancelTimers(t => t.TaskId == task.Id);
        Record("task.completed", task.StepId, new { task = task.Id, kind = task.Kind.ToString(), answers });

        var token = Tokens.First(t => t.Id == task.TokenId);
        switch (task.Kind)
        {
            case TaskKind.Form or TaskKind.Escalation:
                if (task.FormId is not null)
                {
                    Data[task.FormId] = answers.DeepClone();
                    RecordSubmission(task.FormId);
                    AnswersChanged(task.FormId);
                }
                else AnswersChanged();
                if (CompletedLate(step)) RaiseStops(token, step, [new StopFinding("late", Localized(step.LateMessage!, RuleContext()))]);
                else MoveTo(token, step.Next!);
                break;
            case TaskKind.Signature:
                CompleteSignature(task, answers, shown);
                break;
            case TaskKind.Override:
                CompleteOverride(task, token, step, answers["reason"]!.GetValue<string>());
                break;
        }
    }

    /// <summary>Records one role's override; the stop lifts when the last required override is in.</summary>
    private void CompleteOverride(WorkTask task, ExecutionToken token, Definitions.StepDefinition step, string reason)
    {
        var stops = ActiveStops.Where(s => s.TokenId == token.Id && s.StepId == step.Id && s.Status == HardStopStatus.Active).ToList();
        foreach (var stop in stops)
        {
            stop.OverriddenBy = Join(stop.OverriddenBy, Actor.Id);
            stop.OverrideReason = Join(stop.OverrideReason, $"{Actor.Role}: {reason}");
        }
        var stillOpen = OpenTasks.Any(t => t.TokenId == token.Id && t.StepId == step.Id && t.Kind == TaskKind.Override && t.Status == WorkTaskStatus.Open);
        Record("hardstop.overridden", step.Id, new { task = task.Id, reason, complete = !stillOpen });
        if (stillOpen) return;
        foreach (var stop in stops)
        {
            stop.Status = HardStopStatus.Overridden;
            stop.OverriddenAtUtc = Now;
        }
        MoveTo(token, step.Next!);
    }

    /// <summary>
    /// One person never acts in two capacities of one consent (patient and witness, witness and surgeon), and the two
    /// overrides a hard stop may need are given by two different people.
    /// </summary>
    private void EnsureDistinctPerson(WorkTask task)
    {
        if (task.Kind == TaskKind.Signature && task.ConsentId is { } consentId
            && Signatures(LiveConsents.First(c => c.Id == consentId)).Any(s => s?["actor"]?.GetValue<string>() == Actor.Id))
            throw new ForbiddenException($"The same person cannot sign one consent in two capacities; the {task.SignerRole} signature must come from someone else.");
        if (task.Kind == TaskKind.Override && ActiveStops.Any(s => s.TokenId == task.TokenId && s.StepId == task.StepId && s.Status == HardStopStatus.Active
                && (s.OverriddenBy ?? "").Split(" | ").Contains(Actor.Id)))
            throw new ForbiddenException("This hard stop needs a second person's override; the same person cannot give both.");
    }

    private static string Join(string? earlier, string next) => string.IsNullOrEmpty(earlier) ? next : $"{earlier} | {next}";

    private JsonObject Validate(WorkTask task, JsonObject submitted)
    {
        if (task.Kind == TaskKind.Override)
        {
            var reason = submitted["reason"] is JsonValue value && value.TryGetValue<string>(out var text) ? text.Trim() : "";
            var errors = new List<FieldError>();
            if (reason.Length < MinimumOverrideReasonLength)
                errors.Add(new FieldError("reason", $"a written reason of at least {MinimumOverrideReasonLength} characters is required to override a hard stop"));
            else if (reason.Length > MaximumOverrideReasonLength)
                errors.Add(new FieldError("reason", $"is longer than {MaximumOverrideReasonLength} characters"));
            errors.AddRange(submitted.Where(p => p.Key != "reason").Select(p => new FieldError(p.Key, "is not a field of this form")));
            if (errors.Count > 0) throw new FormValidationException("override", errors);
            return new JsonObject { ["reason"] = reason };
        }
        if (task.FormId is null) return [];
        var form = Definition.FindForm(task.FormId)!;
        return FormValidator.Validate(form, submitted, typed => RuleContext(typed));
    }
}
