namespace ConsentFlow.Cli.Demo;

/// <summary>Finds the repository's workflows/ folder when --workflows is not given (run from the repo or from its build output).</summary>
internal static class WorkflowFolder
{
    public const string DefaultWorkflowFile = "peld-consent.workflow.json";

    public static string? Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "workflows");
                if (File.Exists(Path.Combine(candidate, DefaultWorkflowFile))) return candidate;
            }
        return null;
    }
}
