using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ConsentFlow.Engine;

/// <summary>
/// The engine's traces and metrics through System.Diagnostics only; a host decides whether and where to export them
/// (the web app: OpenTelemetry, OTLP). Tags carry operation names and outcomes, never case data.
/// </summary>
public static class EngineTelemetry
{
    public const string Name = "ConsentFlow.Engine";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Histogram<double> UnitOfWorkDuration = Meter.CreateHistogram<double>(
        "consentflow.unit_of_work.duration", "s", "Time to load, apply and save one change to a workflow instance");
    public static readonly Counter<long> UnitOfWorkConflicts = Meter.CreateCounter<long>(
        "consentflow.unit_of_work.conflicts", "{conflict}", "Saves refused because another change committed first");
    public static readonly Counter<long> UnitOfWorkRetries = Meter.CreateCounter<long>(
        "consentflow.unit_of_work.retries", "{retry}", "Units of work read and applied again after a conflict");
    public static readonly Counter<long> TimersFired = Meter.CreateCounter<long>(
        "consentflow.timers.fired", "{timer}", "Timers fired (delays, consent expiry, due tasks)");
    public static readonly Counter<long> WorkflowsStarted = Meter.CreateCounter<long>(
        "consentflow.workflows.started", "{workflow}", "Cases started");
    public static readonly Counter<long> WorkflowsReady = Meter.CreateCounter<long>(
        "consentflow.workflows.ready", "{workflow}", "Workflows that became ready for the procedure");
    public static readonly Counter<long> WorkflowsBlocked = Meter.CreateCounter<long>(
        "consentflow.workflows.blocked", "{hard_stop}", "Hard stops raised (a workflow blocked until an override)");
    public static readonly Counter<long> FollowUpsRecorded = Meter.CreateCounter<long>(
        "consentflow.follow_ups.recorded", "{item}", "Outbox items written with a unit of work");
}

/// <summary>One unit of work as a span and a duration, with its conflicts and retries.</summary>
internal sealed class UnitOfWorkMeasure : IDisposable
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Activity? _activity;
    private readonly KeyValuePair<string, object?> _operation;
    private string _outcome = "error";

    private UnitOfWorkMeasure(string operation)
    {
        _operation = new("operation", operation);
        _activity = EngineTelemetry.Source.StartActivity("consentflow." + operation);
    }

    public static UnitOfWorkMeasure Begin(string operation) => new(operation);

    public void Succeeded() => _outcome = "ok";

    public void Rejected() => _outcome = "rejected";

    public void Conflict(bool willRetry)
    {
        EngineTelemetry.UnitOfWorkConflicts.Add(1, _operation);
        if (willRetry) EngineTelemetry.UnitOfWorkRetries.Add(1, _operation);
        _activity?.AddEvent(new ActivityEvent(willRetry ? "conflict, retrying" : "conflict"));
    }

    public void Dispose()
    {
        EngineTelemetry.UnitOfWorkDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, _operation, new("outcome", _outcome));
        _activity?.SetTag("consentflow.outcome", _outcome);
        if (_outcome == "error") _activity?.SetStatus(ActivityStatusCode.Error);
        _activity?.Dispose();
    }
}
