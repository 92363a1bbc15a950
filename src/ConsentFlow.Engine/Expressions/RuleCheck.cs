namespace ConsentFlow.Engine.Expressions;

public enum Verdict { Holds, DoesNotHold, Unknown }

/// <summary>
/// A rule's answer in three values. <see cref="Verdict.Unknown"/> means an input the rule needed was missing, so the
/// rule could not be decided: safety rules must treat that as "stop and ask", never as "passes".
/// </summary>
/// <param name="UnknownInput">What was missing: a field reference such as <c>sedation.bmi</c>, or a table entry.</param>
public readonly record struct RuleCheck(Verdict Verdict, UnknownInput? UnknownInput = null)
{
    public static readonly RuleCheck Holds = new(Verdict.Holds);
    public static readonly RuleCheck DoesNotHold = new(Verdict.DoesNotHold);

    public static RuleCheck Unknown(UnknownInput input) => new(Verdict.Unknown, input);
}

/// <summary>An input a rule could not read: an unanswered field, or a key missing from a lookup table.</summary>
/// <param name="Field">The field reference (<c>form.field</c>, <c>case.x</c>, <c>item.x</c>) when a field was unanswered.</param>
/// <param name="Table">The table, when a key was missing from it.</param>
/// <param name="Key">The missing key (a choice value from the definition, never free text).</param>
public sealed record UnknownInput(string? Field = null, string? Table = null, string? Key = null);

/// <summary>Thrown while evaluating when a rule reaches an input it cannot read; turned into <see cref="Verdict.Unknown"/>.</summary>
public sealed class UnknownInputException(UnknownInput input)
    : RuleEvaluationException(input.Field is not null ? $"'{input.Field}' has no value" : $"'{input.Key}' is not in table '{input.Table}'")
{
    public UnknownInput Input { get; } = input;

    /// <summary>The unknown input behind <paramref name="exception"/>, however deep NCalc wrapped it.</summary>
    public static UnknownInput? Find(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
            if (current is UnknownInputException unknown) return unknown.Input;
        return null;
    }
}
