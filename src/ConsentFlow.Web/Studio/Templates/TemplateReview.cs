using System.Text.RegularExpressions;
using ConsentFlow.Documents.Templates;

namespace ConsentFlow.Web.Studio.Templates;

/// <summary>The English and Spanish text of one template version, as the administrator edits them together.</summary>
public sealed record TemplateTexts(string En, string Es)
{
    public static readonly IReadOnlyList<string> Languages = ["en", "es"];

    public string In(string language) => language == "es" ? Es : En;
}

/// <summary>A lint problem placed in the editor: the language's text, the 1-based line it points at, and what is wrong.</summary>
/// <param name="Location">The linter's own location (a line, a section id, <c>front matter</c>, <c>translation</c>).</param>
public sealed record LintFinding(string Language, int Line, string Location, string Message)
{
    /// <summary>The problem+json key: the language and line, e.g. <c>es: line 14</c>.</summary>
    public string Key => $"{Language}: line {Line}";
}

/// <summary>A draft read the way the documents library reads it: the parsed templates (for the preview) and every finding.</summary>
public sealed record TemplateReview(IReadOnlyDictionary<string, ConsentTemplate> Templates, IReadOnlyList<LintFinding> Findings)
{
    public bool IsValid => Findings.Count == 0;

    public int? Version => Templates.Values.Select(t => (int?)t.Version).FirstOrDefault();
}

/// <summary>Maps the linter's locations (a line, a section id, an element) to lines of the edited text.</summary>
internal static partial class LintLines
{
    [GeneratedRegex(@"^line (\d+)$")]
    private static partial Regex LineLocation();

    [GeneratedRegex(@"^##\s.*\{#([a-z0-9-]+)\}\s*$", RegexOptions.Multiline)]
    private static partial Regex SectionHeading();

    public static int LineOf(TemplateProblem problem, string markdown, ConsentTemplate? parsed)
    {
        if (LineLocation().Match(problem.Location) is { Success: true } line) return int.Parse(line.Groups[1].Value);
        if (parsed?.Sections.FirstOrDefault(s => s.Id == problem.Location) is { } section) return section.Line;
        // A section the parser could not keep (e.g. used twice): find its heading in the text.
        foreach (Match heading in SectionHeading().Matches(markdown))
        {
            if (heading.Groups[1].Value == problem.Location)
                return markdown[..heading.Index].Count(c => c == '\n') + 1;
        }
        // The front matter, a missing element or a translation problem: the top of the file, where the version is declared.
        return 1;
    }
}
