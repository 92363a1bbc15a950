using ConsentFlow.Engine.Publishing;
using ConsentFlow.Storage.Sqlite;
using ConsentFlow.Web.Hosting;

namespace ConsentFlow.Web.Studio.Publishing;

public static class StudioPublishingServices
{
    /// <summary>Setting that points the studio's scenario runs at another folder than the workflows folder's <c>scenarios/</c>.</summary>
    public const string ScenariosFolderSetting = "ConsentFlow:Studio:ScenariosFolder";

    /// <summary>Scenario runs against drafts, the publish gate and its overrides, affected cases and version history.</summary>
    public static IServiceCollection AddStudioPublishing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(provider =>
        {
            var settings = provider.GetRequiredService<HostSettings>();
            var folder = configuration[ScenariosFolderSetting] is { Length: > 0 } configured
                ? Path.GetFullPath(configured)
                : Path.Combine(settings.WorkflowsFolder, "scenarios");
            // Like `consentflow test`: each scenario on its own throwaway SQLite file, whatever the clinic's database is.
            return new PublicationScenarioOptions(folder, scratch => SqliteStorage.File(Path.Combine(scratch, "scenario.db")));
        });
        services.AddSingleton<PublicationScenarios>();
        services.AddSingleton<PublicationImpact>();
        services.AddSingleton<PublicationOverrides>();
        services.AddSingleton<PublicationHistory>();
        services.AddSingleton<Publications>();
        return services;
    }
}
