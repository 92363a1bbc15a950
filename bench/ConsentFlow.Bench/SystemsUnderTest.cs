using ConsentFlow.Bench.ConsentFlowDriver;
using ConsentFlow.Bench.Harness;
using ConsentFlow.Bench.Peer;

namespace ConsentFlow.Bench;

/// <summary>The systems a run compares. Each entry builds a fresh driver, so no run sees another's state.</summary>
public static class SystemsUnderTest
{
    /// <summary>ConsentFlow on a SQLite file: the peer's journey first (the same work, the ratios' reference), then the real default workflow.</summary>
    public static IReadOnlyList<Func<IJourneyDriver>> ConsentFlow(BenchOptions options) => options.MemoryMode
        ? [() => new ConsentFlowJourneyDriver(options.Concurrency, JourneyWorkflow.Peld)]
        : [() => new ConsentFlowJourneyDriver(options.Concurrency, JourneyWorkflow.PeerShape), () => new ConsentFlowJourneyDriver(options.Concurrency, JourneyWorkflow.Peld)];

    /// <summary>
    /// The peer at its defaults (headline figure) and tuned (the bar ConsentFlow should also clear), on each journey
    /// shape ConsentFlow runs, so every ConsentFlow row has peer rows of the same shape. --memory holds the peer's
    /// journey only, as it always has.
    /// </summary>
    public static IReadOnlyList<Func<IJourneyDriver>> Peers(BenchOptions options)
    {
        PeerJourneyShape[] shapes = options.MemoryMode ? [PeerJourneyShape.PeersJourney] : [PeerJourneyShape.PeersJourney, PeerJourneyShape.Peld];
        WorkflowCoreTuning[] tunings = [WorkflowCoreTuning.Defaults, WorkflowCoreTuning.Tuned];
        return [.. from shape in shapes from tuning in tunings select (Func<IJourneyDriver>)(() => new WorkflowCoreJourneyDriver(tuning, shape, options.Concurrency))];
    }

    public static IReadOnlyList<Func<IJourneyDriver>> For(BenchOptions options) =>
        options.PeerOnly ? Peers(options) : options.OursOnly ? ConsentFlow(options) : [.. ConsentFlow(options), .. Peers(options)];
}
