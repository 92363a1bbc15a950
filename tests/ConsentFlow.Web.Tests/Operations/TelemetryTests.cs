using System.Diagnostics;
using System.Diagnostics.Metrics;
using ConsentFlow.Application;
using ConsentFlow.Engine;
using ConsentFlow.Web.Tests.Support;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ConsentFlow.Web.Tests.Operations;

/// <summary>
/// Issue 11, telemetry: the host's OpenTelemetry pipeline (here with the in-memory exporter instead of OTLP) receives
/// request spans and metrics and the engine's and application's own spans and instruments.
/// </summary>
public sealed class TelemetryTests : IAsyncLifetime
{
    private readonly List<Activity> _spans = [];
    private readonly List<Metric> _metrics = [];
    private RunningApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = RunningApp.WithServices(services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans));
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(_metrics));
        });
        await _app.InitializeAsync();
    }

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Requests_units_of_work_workflows_and_documents_are_traced_and_measured()
    {
        var patientCase = await CaseDriver.StartAsync(_app);
        await patientCase.SignConsentAsync();

        _app.Services.GetRequiredService<TracerProvider>().ForceFlush();
        _app.Services.GetRequiredService<MeterProvider>().ForceFlush();

        List<string> spanNames;
        // The exporters add from whichever thread ends a span (a timer pass, a follow-up), without our lock: read a copy.
        spanNames = Snapshot(_spans).Select(s => s.DisplayName).Distinct().ToList();
        Assert.Contains(spanNames, name => name.StartsWith("POST /api/v1/cases", StringComparison.Ordinal)); // ASP.NET Core request span
        Assert.Contains("consentflow.start", spanNames);
        Assert.Contains("consentflow.submit", spanNames);
        Assert.Contains("consentflow.follow_up", spanNames);
        Assert.Contains("consentflow.document.produce", spanNames);

        List<string> metricNames;
        metricNames = Snapshot(_metrics).Select(m => m.Name).Distinct().ToList();
        foreach (var expected in new[]
                 {
                     "http.server.request.duration", "consentflow.unit_of_work.duration", "consentflow.workflows.started",
                     "consentflow.follow_ups.recorded", "consentflow.follow_ups.done", "consentflow.documents.produced", "consentflow.documents.duration",
                 })
            Assert.Contains(expected, metricNames);
    }

    [Fact]
    public void Every_instrument_the_issue_asks_for_is_published()
    {
        var published = new HashSet<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name is EngineTelemetry.Name or ApplicationTelemetry.Name) lock (published) published.Add(instrument.Name);
            },
        };
        listener.Start();
        foreach (var expected in new[]
                 {
                     "consentflow.unit_of_work.duration", "consentflow.unit_of_work.conflicts", "consentflow.unit_of_work.retries",
                     "consentflow.timers.fired", "consentflow.workflows.started", "consentflow.workflows.ready", "consentflow.workflows.blocked",
                     "consentflow.documents.produced", "consentflow.documents.duration",
                 })
            Assert.Contains(expected, published);
    }

    /// <summary>The list as it is now; List.ToArray copies without the enumerator's version check, and a slot still being filled is skipped.</summary>
    private static List<T> Snapshot<T>(List<T> exported) where T : class => exported.ToArray().Where(item => item is not null).ToList();
}
