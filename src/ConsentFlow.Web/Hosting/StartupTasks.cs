using ConsentFlow.Documents.Sealing;
using ConsentFlow.Documents.Templates;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Identity.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Web.Hosting;

/// <summary>What must happen before the first request: database ready, definitions published, demo data if asked.</summary>
public static class StartupTasks
{
    public static async Task PrepareAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var settings = app.Services.GetRequiredService<HostSettings>();
        await DatabaseSetup.MigrateAsync(app.Services.GetRequiredService<IDbContextFactory<ConsentFlowDbContext>>(), settings.Storage, cancellationToken);
        await using (await settings.Storage.LockMigrationsAsync(cancellationToken))
            await IdentityStoreSetup.MigrateAsync(app.Services.GetRequiredService<IDbContextFactory<IdentityStoreContext>>(), cancellationToken);
        await app.Services.GetRequiredService<WorkflowFolderPublisher>().PublishAllAsync(settings.WorkflowsFolder, cancellationToken);
        app.Services.GetRequiredService<ClinicCertificate>();
        CheckConsentTemplates(app);
        if (settings.SeedDemo && app.Environment.IsDevelopment())
            await app.Services.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(settings.WorkflowsFolder, cancellationToken);
        else if (settings.SeedDemo)
            app.Logger.LogWarning("Demo data and demo accounts are only created in Development; {Environment} starts without them.", app.Environment.EnvironmentName);
    }

    /// <summary>
    /// Loads the consent templates now so lint problems show at start-up. The app still starts: cases can be worked on,
    /// and the signature page and document production report the problem until the templates are fixed.
    /// </summary>
    private static void CheckConsentTemplates(WebApplication app)
    {
        try
        {
            app.Services.GetRequiredService<ConsentTemplateLibrary>();
        }
        catch (ConsentTemplateException invalid)
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupTasks));
            foreach (var problem in invalid.Problems) logger.LogError("Consent template problem: {Problem}", problem.ToString());
        }
        catch (IOException missing)
        {
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupTasks))
                .LogError("Consent templates could not be read from {Folder} ({FailureType}).", DocumentServices.TemplatesFolder(app.Services.GetRequiredService<HostSettings>()), missing.GetType().Name);
        }
    }
}
