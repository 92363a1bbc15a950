using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Expressions;

namespace ConsentFlow.Engine.Runtime;

/// <summary>A hard-stop rule that holds (or could not be decided) and the sentence to show for it.</summary>
internal sealed record StopFinding(string RuleId, string MessageJson);

/// <summary>Safety rules fail closed: a rule that cannot be decided stops the case and names who must decide.</summary>
internal sealed partial class InstanceSession
{
    /// <summary>Every rule of a hard-stop step that holds, or whose input is unknown; forEach rules once per entry.</summary>
    public IReadOnlyList<StopFinding> StopFindings(StepDefinition step)
    {
        var findings = new List<StopFinding>();
        foreach (var rule in step.Rules)
        {
            if (rule.ForEach is null)
            {
                Add(rule, RuleContext());
                continue;
            }
            if (RuleContext().Value(rule.ForEach) is not ListAnswer list)
            {
                findings.Add(Unknown(rule, new UnknownInput(Field: rule.ForEach)));
                continue;
            }
            foreach (var item in list.Items)
                Add(rule, RuleContext(item.ToDictionary(p => StopRule.ItemPrefix + p.Key, p => p.Value)));
        }
        return findings;

        void Add(StopRule rule, RuleContext context)
        {
            var check = Rule.Parse(rule.When).Check(context);
            if (check.Verdict == Verdict.Holds) findings.Add(new StopFinding(rule.Id, Localized(rule.Message, context)));
            else if (check.Verdict == Verdict.Unknown) findings.Add(Unknown(rule, check.UnknownInput!));
        }

        StopFinding Unknown(StopRule rule, UnknownInput input) =>
            new(rule.Id, UnknownInputMessage.Json(Definition, rule.Id, input, step.OverrideRoles));
    }

    /// <summary>An escalation whose condition cannot be decided goes to its reviewer, with what is unknown as the reason.</summary>
    private (bool Escalate, string? UnknownReasonJson) EscalationCheck(StepDefinition step)
    {
        if (step.When is null) return (true, null);
        var check = Rule.Parse(step.When).Check(RuleContext());
        return check.Verdict switch
        {
            Verdict.Holds => (true, null),
            Verdict.Unknown => (true, UnknownInputMessage.Json(Definition, step.Id, check.UnknownInput!, [step.Role!])),
            _ => (false, null),
        };
    }
}
