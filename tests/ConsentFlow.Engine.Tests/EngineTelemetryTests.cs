using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ConsentFlow.Engine.Tests.Support;

namespace ConsentFlow.Engine.Tests;

/// <summary>Issue 11, telemetry: the engine's own instruments record units of work, workflows started and ready, and timers fired.</summary>
public sealed class EngineTelemetryTests
{
    private static readonly DateTimeOffset ProcedureStart = new(2026, 5, 12, 8, 0, 0, TimeSpan.FromHours(-5));

    [Fact]
    public async Task Units_of_work_started_and_ready_workflows_and_fired_timers_are_measured()
    {
        var recorded = new ConcurrentDictionary<string, double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == EngineTelemetry.Name) l.EnableMeasurementEvents(instrument); },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => recorded.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => recorded.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        listener.Start();

        await using (var early = await TestEngine.StartAsync(ProcedureStart.AddDays(-35)))
        {
            await (await PeldCase.StartAsync(early, ProcedureStart)).SignConsentAsync();
            early.Clock.Now = ProcedureStart.AddDays(-3); // the consent signed 35 days before expires: its timer fires
            await early.Engine.Timers.RunDueAsync(CancellationToken.None);
        }
        await using (var week = await TestEngine.StartAsync(ProcedureStart.AddDays(-8)))
            await (await PeldCase.StartAsync(week, ProcedureStart)).MakeReadyAsync();

        foreach (var name in new[] { "consentflow.unit_of_work.duration", "consentflow.workflows.started", "consentflow.workflows.ready", "consentflow.timers.fired",
                     "consentflow.follow_ups.recorded" })
            Assert.True(recorded.GetValueOrDefault(name) > 0, $"{name} recorded nothing");
    }
}
