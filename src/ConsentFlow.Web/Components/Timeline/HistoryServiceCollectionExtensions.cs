using ConsentFlow.Application.Timeline;
using ConsentFlow.Web.Components.Preferences;

using ConsentFlow.Web.Components.Timeline;

namespace ConsentFlow.Web.Components;

public static class HistoryServiceCollectionExtensions
{
    /// <summary>The case timeline, reviewers' context, override progress and the per-user remembered choices.</summary>
    public static IServiceCollection AddCaseHistory(this IServiceCollection services)
    {
        services.AddCaseTimeline();
        services.AddScoped<StaffPreferences>();
        return services;
    }
}
