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

    private Rule(string text, IReadOnlyList<string> parameters, IReadOnlyList<string> functions, string? error)
    {
        Text = text;
        Parameters = parameters;
        Functions = functions;
        Error = error;
    }

    public string Text { get; }
    public IReadOnlyList<string> Parameters { get; }
    public IReadOnlyList<string> Functions { get; }
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
            unknown is null ? null : $"rule calls unknown function '{unknown}'");
    }

    private static bool IsBuiltIn(string name) =>
        name.ToLowerInvariant() is "if" or "in" or "abs" or "max" or "min" or "round" or "floor" or "ceiling" or "truncate";

    public object? Evaluate(RuleContext context)
    {
        if (Error is not null) throw new RuleEvaluationException(Error);
        var expression = new Expression(Text, Options);
        foreach (var name in Parameters) expression.Parameters[name] = context.Value(name);
        RuleFunctions.Register(expression, context);
        try
        {
            return expression.Evaluate();
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

    /// <summary>True only when the rule evaluates to true; a rule over answers not given yet counts as false.</summary>
    public bool Holds(RuleContext context)
    {
        if (Parameters.Any(p => context.Value(p) is null) && !Functions.Any(f => f.Equals("isSet", StringComparison.OrdinalIgnoreCase)))
            return false;
        return Evaluate(context) is true;
    }
}
