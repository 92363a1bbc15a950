namespace ConsentFlow.Bench.ConsentFlowDriver;

internal static class WorkflowsFolder
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ConsentFlow.sln"))) return Path.Combine(dir.FullName, "workflows");
        throw new DirectoryNotFoundException("workflows/ not found above the benchmark's folder; run it from the repository.");
    }
}
