namespace ConsentFlow.Engine.Definitions;

/// <summary>A definition file that passed every check, with the exact text it was read from.</summary>
public sealed record LoadedDefinition(string File, string Json, WorkflowDefinition Definition);

/// <summary>Loads <c>*.workflow.json</c> files and runs the schema and semantic checks on each.</summary>
public static class DefinitionLoader
{
    public const string FilePattern = "*.workflow.json";

    public static async Task<(IReadOnlyList<LoadedDefinition> Valid, IReadOnlyList<DefinitionProblem> Problems)> LoadAsync(
        string path, CancellationToken cancellationToken)
    {
        var files = Directory.Exists(path)
            ? Directory.GetFiles(path, FilePattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray()
            : File.Exists(path) ? [path] : [];
        if (files.Length == 0)
            return ([], [new DefinitionProblem(path, "$", $"no workflow definitions ({FilePattern}) found")]);

        var valid = new List<LoadedDefinition>();
        var problems = new List<DefinitionProblem>();
        foreach (var file in files)
        {
            var json = await File.ReadAllTextAsync(file, cancellationToken);
            var (definition, fileProblems) = Check(json, file);
            problems.AddRange(fileProblems);
            if (definition is not null && fileProblems.Count == 0) valid.Add(new LoadedDefinition(file, json, definition));
        }

        foreach (var duplicate in valid.GroupBy(d => d.Definition.Id).Where(g => g.Count() > 1).SelectMany(g => g.Skip(1)))
            problems.Add(new DefinitionProblem(duplicate.File, "$.id", $"workflow id '{duplicate.Definition.Id}' is already used by another file"));
        return (valid, problems);
    }

    /// <summary>Schema, then semantics: the definition is usable only when the problem list is empty.</summary>
    public static (WorkflowDefinition? Definition, IReadOnlyList<DefinitionProblem> Problems) Check(string json, string file)
    {
        var (definition, problems) = DefinitionParser.Parse(json, file);
        if (definition is null) return (null, problems);
        var semantic = DefinitionValidator.Validate(definition, file);
        return (semantic.Count == 0 ? definition : null, semantic);
    }
}
