namespace ConsentFlow.Engine.Definitions;

/// <summary>
/// Finds the repository's <c>workflows/</c> folder by walking up from where a host runs (a fresh clone runs the web app,
/// CLI and benchmarks from their project or build folders), so every host reads the same definitions.
/// </summary>
public static class WorkflowsFolder
{
    public const string FolderName = "workflows";

    /// <summary>The nearest <c>workflows/</c> folder holding a definition, above any of <paramref name="startFolders"/>; null when none.</summary>
    public static string? FindAbove(params string[] startFolders)
    {
        foreach (var start in startFolders)
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, FolderName);
                if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, DefinitionLoader.FilePattern).Any()) return candidate;
            }
        return null;
    }
}
