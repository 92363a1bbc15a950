using ConsentFlow.Documents.Templates;

namespace ConsentFlow.Web.Studio.Templates;

/// <summary>
/// Keeps this node's loaded consent templates in step with the versions published in the studio: at start-up, then
/// every <see cref="Interval"/>, so a version published on another node is what this node's next consent uses too.
/// </summary>
public sealed class PublishedTemplateSync(IServiceProvider services, ILogger<PublishedTemplateSync> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var added = await services.GetRequiredService<TemplateStudio>().LoadPublishedAsync(stoppingToken);
                if (added > 0) logger.LogInformation("Loaded {Count} consent template files published in the studio.", added);
            }
            catch (ConsentTemplateException invalid)
            {
                foreach (var problem in invalid.Problems) logger.LogError("Published consent template problem: {Problem}", problem.ToString());
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                // The database may not be reachable yet (or the template folder failed lint); the next tick tries again.
                logger.LogWarning("Published consent templates could not be loaded now ({FailureType}).", failure.GetType().Name);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
