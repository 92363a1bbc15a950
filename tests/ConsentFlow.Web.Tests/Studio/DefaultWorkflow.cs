using ConsentFlow.Engine.Definitions;
using ConsentFlow.Web.Tests.Support;

namespace ConsentFlow.Web.Tests.Studio;

/// <summary>The clinic's default workflow, parsed once for the studio tests.</summary>
internal static class DefaultWorkflow
{
    private static readonly Lazy<WorkflowDefinition> Parsed = new(() =>
    {
        var file = Path.Combine(RepositoryPaths.Workflows, "peld-consent.workflow.json");
        var (definition, problems) = DefinitionLoader.Check(File.ReadAllText(file), file);
        return definition ?? throw new InvalidOperationException(string.Join("\n", problems));
    });

    public static WorkflowDefinition Definition => Parsed.Value;
}
