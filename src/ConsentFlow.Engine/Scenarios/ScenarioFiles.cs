using System.Text.Json.Nodes;

namespace ConsentFlow.Engine.Scenarios;

/// <summary>Finds the files a scenario refers to: its workflow definition and its typical answers.</summary>
internal static class ScenarioFiles
{
    /// <summary>How far up from the scenario's folder a workflow id is looked for (scenarios/ sits inside workflows/).</summary>
    private const int FoldersUp = 2;

    /// <summary>A path ending in .json is relative to the scenario; anything else is a workflow id looked up in *.workflow.json files nearby.</summary>
    public static string? FindWorkflow(ScenarioJsonReader read, string scenarioFolder, string? reference)
    {
        if (reference is null) return null;
        if (reference.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            var path = Path.GetFullPath(Path.Combine(scenarioFolder, reference));
            if (File.Exists(path)) return path;
            read.Problem("$.workflow", $"file '{reference}' does not exist (relative to the scenario's folder)");
            return null;
        }

        var searched = new List<string>();
        for (var folder = new DirectoryInfo(scenarioFolder); folder is not null && searched.Count <= FoldersUp; folder = folder.Parent)
        {
            searched.Add(folder.FullName);
            foreach (var file in folder.GetFiles(Definitions.DefinitionLoader.FilePattern).OrderBy(f => f.Name, StringComparer.Ordinal))
                if (WorkflowId(file.FullName) == reference) return file.FullName;
        }
        read.Problem("$.workflow", $"no {Definitions.DefinitionLoader.FilePattern} with id '{reference}' in {string.Join(" or ", searched)}");
        return null;
    }

    /// <summary>Explicit path, else typical-answers.json beside the scenario, else scenarios/typical-answers.json beside the workflow.</summary>
    public static string? FindAnswers(ScenarioJsonReader read, string scenarioFolder, string? reference, string? workflowFile)
    {
        if (reference is not null)
        {
            var path = Path.GetFullPath(Path.Combine(scenarioFolder, reference));
            if (File.Exists(path)) return path;
            read.Problem("$.answers", $"file '{reference}' does not exist (relative to the scenario's folder)");
            return null;
        }
        string[] candidates = workflowFile is null
            ? [Path.Combine(scenarioFolder, Path.GetFileName(AnswerBook.TypicalAnswersFile))]
            : [Path.Combine(scenarioFolder, Path.GetFileName(AnswerBook.TypicalAnswersFile)), Path.Combine(Path.GetDirectoryName(workflowFile)!, AnswerBook.TypicalAnswersFile)];
        var found = candidates.FirstOrDefault(File.Exists);
        if (found is null && workflowFile is not null)
            read.Problem("$.answers", $"no typical answers found ({string.Join(" or ", candidates)}); name a file with \"answers\"");
        return found;
    }

    private static string? WorkflowId(string file)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(file), documentOptions: new System.Text.Json.JsonDocumentOptions
            {
                CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true,
            })?["id"]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            return null; // a broken definition is reported by `validate`, not here
        }
    }
}
