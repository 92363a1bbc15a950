using ConsentFlow.Engine.Publishing;

namespace ConsentFlow.Web.Studio.Templates;

public static class TemplateStudioServices
{
    /// <summary>The consent template editor: its use cases, and loading the versions published in the studio on every node.</summary>
    public static IServiceCollection AddConsentTemplateStudio(this IServiceCollection services)
    {
        services.AddSingleton<ConsentTemplateVersions>();
        services.AddSingleton<TemplateStudio>();
        services.AddHostedService<PublishedTemplateSync>();
        return services;
    }
}
