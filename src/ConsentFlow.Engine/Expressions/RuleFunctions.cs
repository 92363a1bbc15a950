using NCalc.Handlers;

namespace ConsentFlow.Engine.Expressions;

/// <summary>
/// The only functions a rule may call besides NCalc's built-in arithmetic and logic. None of them reaches reflection,
/// the file system or the network, and none loops over user data, so a rule's run time stays bounded.
/// </summary>
internal static class RuleFunctions
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "daysBetween", "hoursBetween", "minutesBetween", "addMinutes", "addDays", "latest",
        "lookup", "isSet", "contains", "now", "ageAt", "count",
    };

    public static void Register(NCalc.Expression expression, RuleContext context)
    {
        var functions = expression.Functions;
        functions["daysBetween"] = args => (decimal)(Date(args, 1).Date - Date(args, 0).Date).TotalDays;
        functions["hoursBetween"] = args => (decimal)(Date(args, 1) - Date(args, 0)).TotalHours;
        functions["minutesBetween"] = args => (decimal)Math.Round((Date(args, 1) - Date(args, 0)).TotalMinutes);
        functions["addMinutes"] = args => Date(args, 0).AddMinutes((double)Number(args, 1));
        functions["addDays"] = args => Date(args, 0).AddDays((double)Number(args, 1));
        functions["latest"] = args => Enumerable.Range(0, args.Count).Select(args.Evaluate).OfType<DateTime>()
            .DefaultIfEmpty(DateTime.MinValue).Max();
        functions["lookup"] = args =>
            context.Tables.TryGetValue(Convert.ToString(args.Evaluate(0)) ?? "", out var table)
            && table.TryGetValue(Convert.ToString(args.Evaluate(1)) ?? "", out var value) ? value : 0m;
        functions["isSet"] = args => args.Evaluate(0) switch
        {
            null => false,
            string s => s.Length > 0,
            string[] items => items.Length > 0,
            _ => true,
        };
        functions["contains"] = args => args.Evaluate(0) is string[] items && items.Contains(Convert.ToString(args.Evaluate(1)));
        functions["count"] = args => args.Evaluate(0) is string[] items ? (decimal)items.Length : 0m;
        functions["now"] = _ => context.UtcNow;
        functions["ageAt"] = args =>
        {
            var birth = Date(args, 0);
            var at = Date(args, 1);
            var age = at.Year - birth.Year;
            var birthdayNotYet = at.Month < birth.Month || (at.Month == birth.Month && at.Day < birth.Day);
            return (decimal)(birthdayNotYet ? age - 1 : age);
        };
    }

    private static DateTime Date(FunctionData args, int index) => args.Evaluate(index) switch
    {
        DateTime value => value,
        null => throw new RuleEvaluationException($"argument {index + 1} has no value yet"),
        var other => throw new RuleEvaluationException($"argument {index + 1} is {other.GetType().Name}, not a date"),
    };

    private static decimal Number(FunctionData args, int index) => Convert.ToDecimal(args.Evaluate(index));
}

public sealed class RuleEvaluationException(string message) : Exception(message);
