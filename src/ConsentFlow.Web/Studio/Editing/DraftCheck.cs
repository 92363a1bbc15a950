using System.Text.Json;
using ConsentFlow.Engine.Definitions;

namespace ConsentFlow.Web.Studio.Editing;

/// <summary>One problem of the draft, placed in the text when its path (or the parser's position) can be found.</summary>
public sealed record EditorProblem(string JsonPath, string Message, TextSpan? Span);

/// <summary>The result of checking a draft: its problems, and the definition when there are none.</summary>
public sealed record DraftCheckResult(IReadOnlyList<EditorProblem> Problems, WorkflowDefinition? Definition)
{
    public bool IsValid => Definition is not null && Problems.Count == 0;
}

/// <summary>
/// The same checks as publishing (<see cref="DefinitionLoader.Check"/>: schema, then references, reachability, roles,
/// forms and rules), with each problem placed at its line and column for the editor's markers.
/// </summary>
public static class DraftCheck
{
    public const string File = "draft";

    public static DraftCheckResult Run(string text)
    {
        if (NotJson(text) is { } syntax) return new DraftCheckResult([syntax], null);
        var (definition, problems) = DefinitionLoader.Check(text, File);
        var placed = problems.Select(p => new EditorProblem(p.JsonPath, p.Message, JsonPathLocator.Locate(text, p.JsonPath))).ToList();
        return new DraftCheckResult(placed, problems.Count == 0 ? definition : null);
    }

    /// <summary>A syntax error is placed where the parser stopped, which no JSON path can say.</summary>
    private static EditorProblem? NotJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return null;
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            var message = $"not valid JSON (line {line}, position {column})";
            return new EditorProblem("$", message, new TextSpan(line, column, line, column + 1));
        }
    }
}
