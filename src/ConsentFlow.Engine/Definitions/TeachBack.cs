using ConsentFlow.Engine.Expressions;

namespace ConsentFlow.Engine.Definitions;

/// <summary>
/// Teach-back questions the patient answers on the tablet: choice fields with a right answer. The right answer reads
/// only case facts, so the tablet can show it the moment an answer is wrong, before anything is submitted.
/// </summary>
public static class TeachBack
{
    public static IReadOnlyList<FieldDefinition> Questions(FormDefinition form) => form.Fields.Where(f => f.IsQuestion).ToList();

    /// <summary>The right choice for this case, or null when the rule cannot tell (a case fact it reads is missing).</summary>
    /// <param name="caseFacts">Case fields by name without the prefix (<c>level</c>, <c>side</c>), as <see cref="CaseFields"/> names them.</param>
    public static string? RightAnswer(FieldDefinition question, IReadOnlyDictionary<string, object?> caseFacts)
    {
        if (question.Answer is null) return null;
        var values = caseFacts.ToDictionary(f => "case." + f.Key, f => f.Value);
        try
        {
            return Rule.Parse(question.Answer).Evaluate(new RuleContext(values, EmptyTables, DateTime.UtcNow, TimeZoneInfo.Utc)) as string;
        }
        catch (RuleEvaluationException)
        {
            return null;
        }
    }

    internal static string? Constant(Rule rule)
    {
        try
        {
            return rule.Evaluate(new RuleContext(new Dictionary<string, object?>(), EmptyTables, DateTime.UtcNow, TimeZoneInfo.Utc)) as string;
        }
        catch (RuleEvaluationException)
        {
            return null;
        }
    }

    private static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> EmptyTables =
        new Dictionary<string, IReadOnlyDictionary<string, decimal>>();
}
