namespace ConsentFlow.Engine.Tests.Support;

/// <summary>The default workflow with one edit, published over it: for rules that only a changed definition can reach.</summary>
public static class DefinitionVariants
{
    public static async Task PublishDefaultWithAsync(TestEngine test, string find, string replaceWith)
    {
        var json = await File.ReadAllTextAsync(RepositoryPaths.DefaultWorkflow);
        var changed = json.Replace(find, replaceWith);
        Assert.NotEqual(json, changed);
        await test.Engine.Catalog.PublishAsync(changed, "peld-consent.workflow.json", TestEngine.Admin, CancellationToken.None);
    }
}
