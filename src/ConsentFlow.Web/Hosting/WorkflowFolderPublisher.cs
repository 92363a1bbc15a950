using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Publishing;
using ConsentFlow.Engine.Runtime;

namespace ConsentFlow.Web.Hosting;

/// <summary>Publishes every valid definition file at start-up; unchanged content keeps its version, invalid files are logged and skipped.</summary>
public sealed class WorkflowFolderPublisher(DefinitionCatalog catalog, ILogger<WorkflowFolderPublisher> logger)
{
    private static readonly Actor Deployer = new("deployment", "administrator");

    public async Task PublishAllAsync(string folder, CancellationToken cancellationToken)
    {
        var (valid, problems) = await DefinitionLoader.LoadAsync(folder, cancellationToken);
        foreach (var problem in problems) logger.LogWarning("Workflow definition problem: {Problem}", problem.ToString());
        foreach (var loaded in valid)
        {
            PublishResult result;
            try
            {
                result = await catalog.PublishAsync(loaded.Json, Path.GetFileName(loaded.File), Deployer, cancellationToken);
            }
            catch (ConflictException)
            {
                // Another app node starting at the same moment published the same file first: publishing again finds it unchanged.
                result = await catalog.PublishAsync(loaded.Json, Path.GetFileName(loaded.File), Deployer, cancellationToken);
            }
            logger.LogInformation("Workflow {DefinitionId} version {Version} ({State})", result.DefinitionId, result.Version,
                result.Changed ? "published" : "unchanged");
        }
    }
}
