namespace ConsentFlow.Documents.Templates;

/// <summary>The YAML block at the top of a template file; property names are the YAML keys in camelCase.</summary>
internal sealed class TemplateFrontMatter
{
    public string? Id { get; set; }
    public int? Version { get; set; }
    public string? Language { get; set; }
    public string? Title { get; set; }

    /// <summary>Culture used for dates, e.g. <c>es-US</c>; defaults to the language.</summary>
    public string? Culture { get; set; }

    /// <summary>How the case side (<c>left</c>/<c>right</c>) is written in this language.</summary>
    public Dictionary<string, string>? Sides { get; set; }
}
