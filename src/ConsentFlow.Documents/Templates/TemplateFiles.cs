namespace ConsentFlow.Documents.Templates;

/// <summary>Finds and parses every template file in a folder (README.md is documentation, not a template).</summary>
internal static class TemplateFiles
{
    public static async Task<(List<ConsentTemplate> Templates, List<TemplateProblem> Problems)> ReadAllAsync(
        string folder, CancellationToken cancellationToken)
    {
        var templates = new List<ConsentTemplate>();
        var problems = new List<TemplateProblem>();
        if (!Directory.Exists(folder))
        {
            problems.Add(new TemplateProblem(folder, "folder", "consent template folder does not exist"));
            return (templates, problems);
        }

        var files = Directory.EnumerateFiles(folder, "*.md", SearchOption.AllDirectories)
            .Where(f => !string.Equals(Path.GetFileName(f), "README.md", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
            var template = ConsentTemplateParser.Parse(file, bytes, problems);
            if (template is not null)
                templates.Add(template);
        }

        return (templates, problems);
    }
}
