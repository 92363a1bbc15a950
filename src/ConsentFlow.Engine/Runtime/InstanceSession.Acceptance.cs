using System.Text.Json.Nodes;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Expressions;
using ConsentFlow.Engine.Forms;
using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Engine.Runtime;

/// <summary>
/// Conditions a submission must meet (<see cref="StepDefinition.AcceptOnlyWhen"/>): checked when the answers come in,
/// and again when a case fact they read changes, so answers given for an old plan or an old date stop counting.
/// </summary>
internal sealed partial class InstanceSession
{
    /// <summary>Not a form id (ids start with a letter), so it never collides with answers: form id → when, and for which start.</summary>
    private const string SubmissionsKey = "$submitted";

    /// <summary>The conditions of the task's answers: its step's, or its signer's; an override's reason has none.</summary>
    private IReadOnlyList<AcceptRule> AcceptConditions(WorkTask task, StepDefinition step) => task.Kind switch
    {
        TaskKind.Form or TaskKind.Escalation => step.AcceptOnlyWhen,
        TaskKind.Signature => SignerFor(step, task.SignerRole!).AcceptOnlyWhen,
        _ => [],
    };

    /// <summary>
    /// Refuses the submission unless every condition holds for these answers, submitted now. The refusal is an
    /// exception message, so a condition's sentence must name rules and thresholds, never the patient's answers.
    /// </summary>
    private void EnsureAccepted(IReadOnlyList<AcceptRule> conditions, string? formId, JsonObject answers)
    {
        if (conditions.Count == 0) return;
        var context = RuleContext(formId is null ? null : Submission(formId, answers, Now));
        foreach (var condition in conditions)
        {
            var check = Rule.Parse(condition.When).Check(context);
            if (check.Verdict == Verdict.Holds) continue;
            var message = check.Verdict == Verdict.Unknown
                ? UnknownInputMessage.AnswerFirstJson(Definition, condition.Id, check.UnknownInput!)
                : Localized(condition.Message, context);
            throw new RejectedException(InLanguage(message, Case.Language));
        }
    }

    /// <summary>The typed answers of a form as rules name them, with the time they are submitted.</summary>
    private Dictionary<string, object?> Submission(string formId, JsonObject answers, DateTime submittedAt)
    {
        var form = Definition.FindForm(formId)!;
        var values = form.Fields.ToDictionary(f => $"{form.Id}.{f.Id}", f => FieldValues.Read(f, answers[f.Id]).Value);
        values[$"{form.Id}.{FormDefinition.SubmittedAt}"] = submittedAt;
        values[$"{form.Id}.{FormDefinition.StartWhenSubmitted}"] = Case.ScheduledStartUtc;
        return values;
    }

    private void RecordSubmission(string formId)
    {
        if (Data[SubmissionsKey] is not JsonObject submissions) Data[SubmissionsKey] = submissions = [];
        submissions[formId] = new JsonObject
        {
            [FormDefinition.SubmittedAt] = Now.ToString("O"),
            [FormDefinition.StartWhenSubmitted] = Case.ScheduledStartUtc.ToString("O"),
        };
    }

    /// <summary>[form.submittedAt] and [form.startWhenSubmitted] of the form's stored answers.</summary>
    private IEnumerable<KeyValuePair<string, object?>> SubmissionValues(string formId) =>
        FormDefinition.SubmissionFields.Select(name => KeyValuePair.Create<string, object?>($"{formId}.{name}",
            Data[SubmissionsKey]?[formId]?[name]?.GetValue<string>() is { } text
                ? DateTime.SpecifyKind(DateTime.Parse(text, null, System.Globalization.DateTimeStyles.RoundtripKind), DateTimeKind.Utc)
                : null));

    /// <summary>
    /// A case change can make answers already given stop meeting their conditions (day-of verification done for a
    /// start that was postponed to another day; a screening the new date leaves more than 14 days old): those steps reopen.
    /// </summary>
    private void ReopenStaleAnswers(IReadOnlyCollection<string> changedFields)
    {
        foreach (var step in Definition.Steps.Where(s => s.AcceptOnlyWhen.Count > 0 && s.Form is not null))
        {
            if (!step.AcceptOnlyWhen.Any(c => ReadsCaseFact(c.When, changedFields)) || Data[step.Form!] is null || !HasPassed(step)) continue;
            var context = RuleContext();
            var failed = step.AcceptOnlyWhen.FirstOrDefault(c => Rule.Parse(c.When).Check(context).Verdict != Verdict.Holds);
            if (failed is null) continue;
            Record("answers.reopened", step.Id, new { condition = failed.Id, changed = changedFields });
            Rewind(PathOf(step.Id), step.Id);
        }
    }

    private static bool ReadsCaseFact(string rule, IReadOnlyCollection<string> changedFields) =>
        Rule.Parse(rule).Parameters.Any(p => p.StartsWith("case.", StringComparison.Ordinal) && changedFields.Contains(p["case.".Length..]));
}
