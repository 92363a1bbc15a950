using ConsentFlow.Engine.Publishing;
using ConsentFlow.Engine.Tests.Support;

namespace ConsentFlow.Engine.Tests.Publishing;

/// <summary>
/// The publishing services on a real SQLite engine, with a scenario folder holding the two apixaban scenarios (a hold
/// met and a hold not met) so the gate runs in seconds rather than the whole clinic's set.
/// </summary>
public sealed class StudioWorkspace : IAsyncDisposable
{
    public static readonly string[] ApixabanScenarios =
    [
        "apixaban-last-taken-2-days-before-is-a-hard-stop.scenario.json",
        "apixaban-last-taken-3-days-before-is-allowed.scenario.json",
    ];

    private readonly string _folder;

    private StudioWorkspace(TestEngine test, string folder)
    {
        Test = test;
        _folder = folder;
        Scenarios = new PublicationScenarios(new PublicationScenarioOptions(Path.Combine(folder, "scenarios"), ScenarioDatabase.Sqlite));
        Impact = new PublicationImpact(test.Engine.Contexts, test.Engine.Catalog, test.Clock);
        Publications = new Publications(test.Engine.Catalog, Scenarios, Impact);
        Overrides = new PublicationOverrides(test.Engine.Contexts, Scenarios, test.Clock);
        History = new PublicationHistory(test.Engine.Contexts, test.Engine.Catalog);
    }

    public TestEngine Test { get; }
    public PublicationScenarios Scenarios { get; }
    public PublicationImpact Impact { get; }
    public Publications Publications { get; }
    public PublicationOverrides Overrides { get; }
    public PublicationHistory History { get; }

    public static string DefaultJson => File.ReadAllText(RepositoryPaths.DefaultWorkflow);

    /// <summary>The default workflow with apixaban held 2 days instead of 3: the "2 days before is a hard stop" scenario fails.</summary>
    public static string ShorterApixabanHold => Edit("\"apixaban\": 72", "\"apixaban\": 48");

    /// <summary>A change no scenario notices: the imaging review's title.</summary>
    public static string RenamedImagingReview => Edit("\"Imaging review\"", "\"Imaging review and concordance\"");

    public static string Edit(string find, string replaceWith)
    {
        var changed = DefaultJson.Replace(find, replaceWith);
        Assert.NotEqual(DefaultJson, changed);
        return changed;
    }

    public static async Task<StudioWorkspace> StartAsync(DateTimeOffset? now = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "consentflow-studio-tests", Guid.NewGuid().ToString("N"));
        var scenarios = Directory.CreateDirectory(Path.Combine(folder, "scenarios")).FullName;
        File.Copy(RepositoryPaths.DefaultWorkflow, Path.Combine(folder, Path.GetFileName(RepositoryPaths.DefaultWorkflow)));
        foreach (var name in ApixabanScenarios.Append("typical-answers.json"))
            File.Copy(Path.Combine(RepositoryPaths.Workflows, "scenarios", name), Path.Combine(scenarios, name));
        return new StudioWorkspace(await TestEngine.StartAsync(now), folder);
    }

    public async ValueTask DisposeAsync()
    {
        await Test.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
