using System.Text.RegularExpressions;

namespace ConsentFlow.Documents.Templates;

/// <summary>The <c>{{name}}</c> placeholders a template may use, filled from the case data at render time.</summary>
public static partial class TemplatePlaceholders
{
    public const string PatientName = "patient.name";
    public const string Level = "case.level";
    public const string Side = "case.side";
    public const string Surgeon = "case.surgeon";
    public const string Date = "case.date";

    /// <summary>The screening answer that switched on the surrounding <c>::: when</c> paragraph.</summary>
    public const string CauseValue = "cause.value";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        PatientName, Level, Side, Surgeon, Date, CauseValue,
    };

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}")]
    internal static partial Regex Pattern();

    internal static IEnumerable<string> NamesIn(string text) =>
        Pattern().Matches(text).Select(m => m.Groups[1].Value);
}
