namespace ConsentFlow.Documents.Templates;

/// <summary>A lint finding, printed by the CLI as <c>FILE: LOCATION: message</c>.</summary>
/// <param name="Location">A section id, a required element, a line (<c>line 12</c>) or <c>front matter</c>.</param>
public sealed record TemplateProblem(string File, string Location, string Message)
{
    public override string ToString() => $"{File}: {Location}: {Message}";
}

/// <summary>Thrown when templates that fail lint are loaded for use.</summary>
public sealed class ConsentTemplateException(IReadOnlyList<TemplateProblem> problems)
    : Exception("consent templates are invalid:" + Environment.NewLine + string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<TemplateProblem> Problems { get; } = problems;
}
