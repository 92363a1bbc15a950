using Microsoft.Extensions.DependencyInjection;

namespace ConsentFlow.Application.Timeline;

public static class TimelineServiceCollectionExtensions
{
    /// <summary>The case's history, override progress and reviewers' context (needs the engine and <see cref="Documents.ConsentTextPreview"/>).</summary>
    public static IServiceCollection AddCaseTimeline(this IServiceCollection services) => services
        .AddSingleton<CaseTimeline>()
        .AddSingleton<OverrideProgress>()
        .AddSingleton<ReviewContexts>();
}
