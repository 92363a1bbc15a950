using System.Globalization;

namespace ConsentFlow.Documents.Templates;

public enum ConditionOperator
{
    Equals,
    NotEquals,
    AtLeast,
}

/// <summary>One comparison, e.g. <c>sedation.stopBangScore &gt;= 5</c>.</summary>
public sealed record ConditionClause(string Field, ConditionOperator Operator, string Value)
{
    /// <summary>
    /// A missing answer never satisfies a clause: the engine requires the screening form before
    /// consent, and guessing "not none" for an unanswered field would add paragraphs nobody caused.
    /// </summary>
    public bool IsSatisfiedBy(IReadOnlyDictionary<string, string> answers)
    {
        if (!answers.TryGetValue(Field, out var raw) || raw is null)
            return false;
        var answer = raw.Trim();
        return Operator switch
        {
            ConditionOperator.Equals => string.Equals(answer, Value, StringComparison.OrdinalIgnoreCase),
            ConditionOperator.NotEquals => answer.Length > 0 && !string.Equals(answer, Value, StringComparison.OrdinalIgnoreCase),
            ConditionOperator.AtLeast => decimal.TryParse(answer, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
                                         && number >= decimal.Parse(Value, CultureInfo.InvariantCulture),
            _ => false,
        };
    }

    public override string ToString() => Operator switch
    {
        ConditionOperator.Equals => $"{Field} == {Value}",
        ConditionOperator.NotEquals => $"{Field} != {Value}",
        _ => $"{Field} >= {Value}",
    };
}

/// <summary>
/// Clauses joined by <c>or</c>. Deliberately no <c>and</c>, parentheses or expressions: clinicians
/// review these templates, and a condition should read like the screening question it depends on.
/// </summary>
public sealed record TemplateCondition(IReadOnlyList<ConditionClause> Clauses)
{
    public string Expression => string.Join(" or ", Clauses);

    /// <summary>The first clause that holds, which is recorded as the cause of the paragraph.</summary>
    public ConditionClause? FirstSatisfiedClause(IReadOnlyDictionary<string, string> answers) =>
        Clauses.FirstOrDefault(c => c.IsSatisfiedBy(answers));

    /// <summary>Parses <c>field == value</c>, <c>field != value</c>, <c>field &gt;= number</c>, joined by <c>or</c>.</summary>
    public static bool TryParse(string text, out TemplateCondition? condition, out string error)
    {
        condition = null;
        var clauses = new List<ConditionClause>();
        foreach (var part in text.Split(" or ", StringSplitOptions.TrimEntries))
        {
            if (!TryParseClause(part, out var clause, out error))
                return false;
            clauses.Add(clause!);
        }

        if (clauses.Count == 0)
        {
            error = "condition is empty";
            return false;
        }

        condition = new TemplateCondition(clauses);
        error = "";
        return true;
    }

    static bool TryParseClause(string text, out ConditionClause? clause, out string error)
    {
        clause = null;
        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length != 3)
        {
            error = $"expected 'form.field OP value' but found '{text}'";
            return false;
        }

        var (field, op, value) = (tokens[0], tokens[1], tokens[2]);
        if (!IsFieldKey(field))
        {
            error = $"'{field}' is not a field key of the form formId.fieldId";
            return false;
        }

        ConditionOperator? parsed = op switch
        {
            "==" => ConditionOperator.Equals,
            "!=" => ConditionOperator.NotEquals,
            ">=" => ConditionOperator.AtLeast,
            _ => null,
        };
        if (parsed is null)
        {
            error = $"unknown operator '{op}' (use ==, != or >=)";
            return false;
        }

        if (parsed == ConditionOperator.AtLeast && !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
        {
            error = $"'>=' needs a number but found '{value}'";
            return false;
        }

        clause = new ConditionClause(field, parsed.Value, value);
        error = "";
        return true;
    }

    static bool IsFieldKey(string field)
    {
        var parts = field.Split('.');
        return parts.Length == 2 && parts.All(p => p.Length > 0 && p.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_'));
    }
}
