using ConsentFlow.Application;
using ConsentFlow.Engine;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ConsentFlow.Web.Hosting;

/// <summary>Where telemetry goes (section <c>ConsentFlow:Telemetry</c>); nothing leaves the process unless an OTLP endpoint is set.</summary>
public sealed record TelemetryOptions
{
    public const string Section = "ConsentFlow:Telemetry";

    /// <summary>The collector, e.g. http://otel-collector:4317; empty: traces and metrics are collected in-process only.</summary>
    public string? OtlpEndpoint { get; init; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; init; } = "grpc";

    public string ServiceName { get; init; } = "consentflow";
}

/// <summary>
/// OpenTelemetry traces and metrics: HTTP requests (ASP.NET Core), the engine's units of work, timers and workflow
/// states, and the documents and follow-up work of the application layer. Spans and tags carry ids and outcomes, never PHI.
/// </summary>
public static class Telemetry
{
    public static IServiceCollection AddConsentFlowTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        services.AddSingleton(options);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName, serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithTracing(tracing => tracing
                // Query strings may carry a language or a filter, never PHI; still, a path is all a trace needs.
                .AddAspNetCoreInstrumentation(aspNet => aspNet.Filter = http => !http.Request.Path.StartsWithSegments("/_blazor"))
                .AddSource(EngineTelemetry.Name, ApplicationTelemetry.Name))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter(EngineTelemetry.Name, ApplicationTelemetry.Name));
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint))
            telemetry.UseOtlpExporter(Protocol(options.OtlpProtocol), new Uri(options.OtlpEndpoint));
        return services;
    }

    private static OtlpExportProtocol Protocol(string name) => name.ToLowerInvariant() switch
    {
        "grpc" => OtlpExportProtocol.Grpc,
        "http/protobuf" or "httpprotobuf" => OtlpExportProtocol.HttpProtobuf,
        _ => throw new InvalidOperationException($"{TelemetryOptions.Section}:OtlpProtocol must be grpc or http/protobuf."),
    };
}
