namespace ConsentFlow.Web.Tests.Support;

/// <summary>
/// A few of the clinic's scenarios copied beside the default workflow, for apps whose publish gate should run in seconds
/// (all of them take minutes; the engine tests run every one).
/// </summary>
public static class ScenarioFolders
{
    public static string Copy(params string[] scenarioFiles)
    {
        var folder = Path.Combine(Path.GetTempPath(), "consentflow-publishing-tests", Guid.NewGuid().ToString("N"));
        var scenarios = Directory.CreateDirectory(Path.Combine(folder, "scenarios")).FullName;
        File.Copy(Path.Combine(RepositoryPaths.Workflows, "peld-consent.workflow.json"), Path.Combine(folder, "peld-consent.workflow.json"));
        foreach (var name in scenarioFiles.Append("typical-answers.json"))
            File.Copy(Path.Combine(RepositoryPaths.Workflows, "scenarios", name), Path.Combine(scenarios, name));
        return scenarios;
    }
}
