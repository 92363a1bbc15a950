namespace ConsentFlow.Documents.Templates;

/// <summary>
/// The text of one template file that is not (only) on disk: a version drafted or published in the workflow studio.
/// <paramref name="File"/> names it in lint problems, as a path names a file.
/// </summary>
public sealed record TemplateSource(string File, string Markdown);

/// <summary>What a set of candidate files would add: the templates that parsed, and every lint problem of the candidates.</summary>
public sealed record TemplateCheck(IReadOnlyList<ConsentTemplate> Templates, IReadOnlyList<TemplateProblem> Problems);
