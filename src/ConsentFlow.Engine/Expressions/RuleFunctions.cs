using NCalc.Handlers;

namespace ConsentFlow.Engine.Expressions;

/// <summary>
/// The only functions a rule may call besides NCalc's built-in arithmetic and logic. None of them reaches reflection,
/// the file system or the network, and none loops over more than one answered list, so a rule's run time stays bounded.
/// </summary>
internal static class RuleFunctions
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "daysBetween", "hoursBetween", "minutesBetween", "addMinutes", "addHours", "addDays", "addMonths", "dateOf", "latest",
        "lookup", "inTable", "isSet", "contains", "containsAll", "column", "now", "ageAt", "count",
    };

    /// <summary>Functions whose first argument names a table of the definition; validation checks the name.</summary>
    public static readonly IReadOnlySet<string> TableFunctions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "lookup", "inTable" };

    public static void Register(NCalc.Expression expression, RuleContext context)
    {
        var functions = expression.Functions;
        functions["daysBetween"] = args => (decimal)(Date(args, 1).Date - Date(args, 0).Date).TotalDays;
        functions["hoursBetween"] = args => (decimal)(Date(args, 1) - Date(args, 0)).TotalHours;
        functions["minutesBetween"] = args => (decimal)Math.Round((Date(args, 1) - Date(args, 0)).TotalMinutes);
        functions["addMinutes"] = args => Date(args, 0).AddMinutes((double)Number(args, 1));
        functions["addHours"] = args => Date(args, 0).AddHours((double)Number(args, 1));
        functions["addDays"] = args => Date(args, 0).AddDays((double)Number(args, 1));
        // Calendar months, not 30-day blocks: 6 months before 12 May is 12 November, and before 31 August is 28 February.
        functions["addMonths"] = args => Date(args, 0).AddMonths((int)Number(args, 1));
        // The calendar day of an instant in the clinic's time zone, comparable with date fields such as a study date.
        functions["dateOf"] = args => DateOf(Date(args, 0), context.ClinicTimeZone);
        functions["latest"] = args => Enumerable.Range(0, args.Count).Select(args.Evaluate).OfType<DateTime>()
            .DefaultIfEmpty(DateTime.MinValue).Max();
        functions["lookup"] = args => Lookup(context, Text(args, 0), Text(args, 1));
        functions["inTable"] = args => Table(context, Text(args, 0)).ContainsKey(Text(args, 1));
        functions["isSet"] = args => IsSet(args);
        functions["contains"] = args => args.Evaluate(0) is string[] items && items.Contains(Convert.ToString(args.Evaluate(1)));
        functions["containsAll"] = args => args.Evaluate(0) is string[] all && args.Evaluate(1) is string[] wanted && wanted.All(all.Contains);
        functions["column"] = args => Items(args, 0).Select(item => Convert.ToString(item.GetValueOrDefault(Text(args, 1)))).OfType<string>().ToArray();
        functions["count"] = args => args.Evaluate(0) switch
        {
            string[] items => (decimal)items.Length,
            ListAnswer list => list.Items.Count,
            _ => 0m,
        };
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

    public static DateTime DateOf(DateTime utc, TimeZoneInfo zone) =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).Date, DateTimeKind.Unspecified);

    /// <summary>A missing key fails closed: a drug absent from the hold table must stop the case, not pass with a hold of zero.</summary>
    private static decimal Lookup(RuleContext context, string table, string key) =>
        Table(context, table).TryGetValue(key, out var value) ? value : throw new UnknownInputException(new UnknownInput(Table: table, Key: key));

    private static IReadOnlyDictionary<string, decimal> Table(RuleContext context, string table) =>
        context.Tables.TryGetValue(table, out var rows) ? rows : throw new RuleEvaluationException($"there is no table '{table}'");

    private static bool IsSet(FunctionData args)
    {
        try
        {
            return args.Evaluate(0) switch
            {
                null => false,
                string s => s.Length > 0,
                string[] items => items.Length > 0,
                _ => true,
            };
        }
        catch (Exception ex) when (UnknownInputException.Find(ex) is not null)
        {
            return false; // asking whether something is known is the one question an unknown answers
        }
    }

    private static DateTime Date(FunctionData args, int index) => args.Evaluate(index) switch
    {
        DateTime value => value,
        null => throw new RuleEvaluationException($"argument {index + 1} has no value yet"),
        var other => throw new RuleEvaluationException($"argument {index + 1} is {other.GetType().Name}, not a date"),
    };

    private static string Text(FunctionData args, int index) => Convert.ToString(args.Evaluate(index)) ?? "";

    private static IReadOnlyList<IReadOnlyDictionary<string, object?>> Items(FunctionData args, int index) => args.Evaluate(index) switch
    {
        ListAnswer list => list.Items,
        var other => throw new RuleEvaluationException($"argument {index + 1} is {other?.GetType().Name ?? "empty"}, not a list field"),
    };

    private static decimal Number(FunctionData args, int index) => Convert.ToDecimal(args.Evaluate(index));
}

public class RuleEvaluationException(string message) : Exception(message);
