using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Publishing;

namespace ConsentFlow.Web.Studio.Editing;

/// <summary>The workflow studio's editing feature: per-administrator drafts and the schema the code editor completes from.</summary>
public static class StudioEditingServices
{
    public static IServiceCollection AddWorkflowStudioEditing(this IServiceCollection services)
    {
        services.AddSingleton<DraftStore>();
        services.AddSingleton<WorkflowSchemaText>();
        return services;
    }
}

/// <summary>The workflow JSON Schema the engine validates with, handed to Monaco so completion and hover agree with it.</summary>
public sealed class WorkflowSchemaText
{
    private readonly Lazy<string> _text = new(() =>
    {
        using var stream = typeof(DefinitionParser).Assembly.GetManifestResourceStream("workflow.schema.json")
            ?? throw new InvalidOperationException("workflow.schema.json is not embedded in the engine assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public string Text => _text.Value;
}
