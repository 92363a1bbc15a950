using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Web.Hosting;

/// <summary>What must happen before the first request: database ready, definitions published, demo data if asked.</summary>
public static class StartupTasks
{
    public static async Task PrepareAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var settings = app.Services.GetRequiredService<HostSettings>();
        await DatabaseSetup.MigrateAsync(app.Services.GetRequiredService<IDbContextFactory<ConsentFlowDbContext>>(), cancellationToken);
        await app.Services.GetRequiredService<WorkflowFolderPublisher>().PublishAllAsync(settings.WorkflowsFolder, cancellationToken);
        if (settings.SeedDemo)
            await app.Services.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(settings.WorkflowsFolder, cancellationToken);
    }
}
