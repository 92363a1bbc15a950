using Microsoft.Extensions.DependencyInjection;

namespace ConsentFlow.Application.FollowUps;

public static class FollowUpServiceCollectionExtensions
{
    /// <summary>The outbox handlers and runner; with <see cref="FollowUpOptions.RunWorker"/>, the background worker too.</summary>
    public static IServiceCollection AddFollowUps(this IServiceCollection services, FollowUpOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<IFollowUpHandler, ConsentDocumentFollowUp>();
        services.AddSingleton<FollowUpRunner>();
        services.AddSingleton<FollowUpWorker>();
        if (options.RunWorker) services.AddHostedService(provider => provider.GetRequiredService<FollowUpWorker>());
        return services;
    }
}
