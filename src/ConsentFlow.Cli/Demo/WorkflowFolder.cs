using ConsentFlow.Engine.Definitions;

namespace ConsentFlow.Cli.Demo;

/// <summary>Finds the repository's workflows/ folder when --workflows is not given (run from the repo or from its build output).</summary>
internal static class WorkflowFolder
{
    public const string DefaultWorkflowFile = "peld-consent.workflow.json";

    public static string? Find() => WorkflowsFolder.FindAbove(Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
}
