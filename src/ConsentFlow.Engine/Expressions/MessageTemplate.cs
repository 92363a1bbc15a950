using System.Globalization;
using System.Text.RegularExpressions;

namespace ConsentFlow.Engine.Expressions;

/// <summary>
/// Fills a blocker sentence: <c>{imaging.level}</c> inserts an answer, <c>{=daysBetween(...)}</c> the value of a rule.
/// </summary>
public static partial class MessageTemplate
{
    [GeneratedRegex(@"\{(=?)([^{}]+)\}")]
    private static partial Regex Placeholder();

    public static IEnumerable<string> Expressions(string template) =>
        Placeholder().Matches(template).Select(m => m.Groups[1].Value == "=" ? m.Groups[2].Value : $"[{m.Groups[2].Value}]");

    /// <param name="label">How a coded answer reads in the sentence's language (a choice's label), or null to print it as stored.</param>
    public static string Fill(string template, RuleContext context, Func<string, object?, string?>? label = null) =>
        Placeholder().Replace(template, match =>
        {
            try
            {
                if (match.Groups[1].Value == "=") return Format(Rule.Parse(match.Groups[2].Value).Evaluate(context), context.ClinicTimeZone);
                var value = context.Value(match.Groups[2].Value);
                return label?.Invoke(match.Groups[2].Value, value) ?? Format(value, context.ClinicTimeZone);
            }
            catch (RuleEvaluationException)
            {
                return "?";
            }
        });

    public static string Format(object? value, TimeZoneInfo zone) => value switch
    {
        null => "—",
        DateTime { TimeOfDay.Ticks: 0 } date when date.Kind != DateTimeKind.Utc => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime moment => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(moment, DateTimeKind.Utc), zone)
            .ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        decimal number => number.ToString("0.##", CultureInfo.InvariantCulture),
        bool flag => flag ? "yes" : "no",
        string[] items => string.Join(", ", items),
        ListAnswer list => string.Join("; ", list.Items.Select(item => string.Join(" ", item.Values.Select(v => Format(v, zone))))),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
