using ConsentFlow.Application.Reading;
using ConsentFlow.Engine.Publishing;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Scenarios;
using ConsentFlow.Web.Hosting;

namespace ConsentFlow.Web.Studio.Diagram;

/// <summary>Starts try-it sandboxes on the clinic's definitions: the administrator's own latest draft when there is one, else the newest published version.</summary>
public sealed class TryItSandboxes(DraftStore drafts, PublishedDefinitionText published, HostSettings settings, TimeProvider clock)
{
    /// <exception cref="NotFoundException">The definition has neither a draft nor a published version.</exception>
    /// <exception cref="Engine.Definitions.InvalidDefinitionException">The draft does not validate.</exception>
    public async Task<TryItSandbox> StartAsync(string definitionId, string administrator, CancellationToken cancellationToken)
    {
        var draft = await drafts.LatestAsync(definitionId, administrator, cancellationToken);
        var (json, source) = draft is not null
            ? (draft.Json, TryItSource.Draft)
            : (await published.LatestAsync(definitionId, cancellationToken) ?? throw new NotFoundException($"Workflow '{definitionId}'"), TryItSource.Published);
        return await TryItSandbox.StartAsync(json, source, Path.Combine(settings.WorkflowsFolder, AnswerBook.TypicalAnswersFile), clock.GetUtcNow(), cancellationToken);
    }
}

public static class StudioDiagramServiceCollectionExtensions
{
    /// <summary>The studio's diagram, instance view and try-it mode.</summary>
    public static IServiceCollection AddStudioDiagram(this IServiceCollection services) => services.AddSingleton<TryItSandboxes>();
}
