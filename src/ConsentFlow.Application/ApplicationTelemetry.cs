using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ConsentFlow.Application;

/// <summary>Traces and metrics of the shared use cases (documents, follow-up work); tags never carry case data.</summary>
public static class ApplicationTelemetry
{
    public const string Name = "ConsentFlow.Application";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> DocumentsProduced = Meter.CreateCounter<long>(
        "consentflow.documents.produced", "{document}", "Signed consent documents stored");
    public static readonly Histogram<double> DocumentDuration = Meter.CreateHistogram<double>(
        "consentflow.documents.duration", "s", "Time to render, seal and store one signed document");
    public static readonly Counter<long> FollowUpsDone = Meter.CreateCounter<long>(
        "consentflow.follow_ups.done", "{item}", "Outbox items carried out");
    public static readonly Counter<long> FollowUpsFailed = Meter.CreateCounter<long>(
        "consentflow.follow_ups.failed", "{item}", "Outbox item attempts that failed and will be retried");
}
