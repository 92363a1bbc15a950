using Microsoft.Extensions.Options;

namespace ConsentFlow.Web.Hosting;

/// <summary>
/// Logs carry ids, types and states, never patient data. Our own code never logs a value a caller sent; ASP.NET Core's
/// request log, however, writes every URL with its query string, where a caller may have typed an MRN or a name (a FHIR
/// search by identifier). That log is held at Warning for every logger provider, whatever the configuration says;
/// request traces (OpenTelemetry, which redacts query values) and the access audit say which requests were made.
/// </summary>
public static class PhiSafeLogging
{
    public const string RequestLogCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static IServiceCollection AddPhiSafeLogging(this IServiceCollection services) =>
        services.AddSingleton<IPostConfigureOptions<LoggerFilterOptions>, QuietRequestUrls>();

    private sealed class QuietRequestUrls(IServiceProvider services) : IPostConfigureOptions<LoggerFilterOptions>
    {
        public void PostConfigure(string? name, LoggerFilterOptions options)
        {
            // A rule naming a provider beats any rule that does not, so each provider gets its own.
            options.Rules.Add(new LoggerFilterRule(null, RequestLogCategory, LogLevel.Warning, null));
            foreach (var provider in services.GetServices<ILoggerProvider>())
                options.Rules.Add(new LoggerFilterRule(provider.GetType().FullName, RequestLogCategory, LogLevel.Warning, null));
        }
    }
}
