namespace ConsentFlow.Web.Tests.Support;

public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();
    public static string WebProject => Path.Combine(Root, "src", "ConsentFlow.Web");
    public static string Workflows => Path.Combine(Root, "workflows");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ConsentFlow.sln"))) return dir.FullName;
        throw new InvalidOperationException("ConsentFlow.sln not found above the test folder.");
    }
}
