using System.Collections.Concurrent;
using NCalc;
using NCalc.Exceptions;

namespace ConsentFlow.Engine.Expressions;

/// <summary>A rule written in NCalc's expression language, e.g. <c>[sedation.stopBangScore] &gt;= 5</c>.</summary>
public sealed class Rule
{
    public const int MaxLength = 2000;
    private static readonly ConcurrentDictionary<string, Rule> Cache = new();
    // Administrators write round(...) as readily as Round(...); both must mean NCalc's built-in.
    private const ExpressionOptions Options = ExpressionOptions.NoStringTypeCoercion | ExpressionOptions.IgnoreCaseAtBuiltInFunctions;

    private Rule(string text, IReadOnlyList<string> parameters, IReadOnlyList<string> functions, string? error,
        IReadOnlyList<TableReference>? tables = null)
    {
        Text = text;
        Parameters = parameters;
        Functions = functions;
        Error = error;
        Tables = tables ?? [];
    }

    public string Text { get; }
    public IReadOnlyList<string> Parameters { get; }
    public IReadOnlyList<string> Functions { get; }
    /// <summary>Every lookup-table call, for validation.</summary>
    public IReadOnlyList<TableReference> Tables { get; }
    /// <summary>Why the rule does not parse, or null when it does.</summary>
    public string? Error { get; }

    public static Rule Parse(string text) => Cache.GetOrAdd(text, Compile);

    private static Rule Compile(string text)
    {
        if (text.Length > MaxLength) return new Rule(text, [], [], $"rule is longer than {MaxLength} characters");
        var expression = new Expression(text, Options);
        if (expression.HasErrors())
            return new Rule(text, [], [], "rule does not parse: " + (expression.Error?.InnerException?.Message ?? expression.Error?.Message));
        var functions = expression.GetFunctionNames().Distinct().ToList();
        var unknown = functions.FirstOrDefault(f => !RuleFunctions.Names.Contains(f) && !IsBuiltIn(f));
        return new Rule(text, expression.GetParameterNames().Distinct().ToList(), functions,
            unknown is null ? null : $"rule calls unknown function '{unknown}'", TableReference.In(expression.LogicalExpression));
    }

    private static bool IsBuiltIn(string name) =>
        name.ToLowerInvariant() is "if" or "in" or "abs" or "max" or "min" or "round" or "floor" or "ceiling" or "truncate";

    /// <summary>
    /// The rule's value. An unanswered input is read lazily: the rule fails with <see cref="UnknownInputException"/>
    /// only when its result depends on it (<c>[a] != 'none' &amp;&amp; [b] &gt; 1</c> needs no <c>b</c> when <c>a</c> is 'none').
    /// </summary>
    public object? Evaluate(RuleContext context)
    {
        if (Error is not null) throw new RuleEvaluationException(Error);
        var expression = new Expression(Text, Options);
        foreach (var name in Parameters)
        {
            if (context.Value(name) is { } value) expression.Parameters[name] = value;
            else expression.DynamicParameters[name] = _ => throw new UnknownInputException(new UnknownInput(Field: name));
        }
        if (Functions.Count > 0) RuleFunctions.Register(expression, context); // most rules compare answers and call nothing
        try
        {
            return expression.Evaluate();
        }
        catch (Exception ex) when (UnknownInputException.Find(ex) is { } unknown && ex is not UnknownInputException)
        {
            throw new UnknownInputException(unknown);
        }
        catch (NCalcException ex)
        {
            throw new RuleEvaluationException($"rule '{Text}' failed: {ex.Message}");
        }
        catch (Exception ex) when (ex is InvalidCastException or FormatException or ArgumentException or InvalidOperationException)
        {
            throw new RuleEvaluationException($"rule '{Text}' failed: {ex.Message}");
        }
    }

    /// <summary>Holds, does not hold, or cannot be decided because an input it needs is unknown.</summary>
    public RuleCheck Check(RuleContext context)
    {
        try
        {
            return Evaluate(context) is true ? RuleCheck.Holds : RuleCheck.DoesNotHold;
        }
        catch (UnknownInputException ex)
        {
            return RuleCheck.Unknown(ex.Input);
        }
    }

    /// <summary>True only when the rule evaluates to true; for branches and optional signers, where unknown means "not yet".</summary>
    public bool Holds(RuleContext context) => Check(context).Verdict == Verdict.Holds;
}
