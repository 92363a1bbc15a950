using ConsentFlow.Bench.Harness;
using ConsentFlow.Bench.Peer;

namespace ConsentFlow.Bench;

/// <summary>The systems a run compares. Each entry builds a fresh driver, so no run sees another's state.</summary>
public static class SystemsUnderTest
{
    /// <summary>
    /// THE PLACE FOR THE CONSENTFLOW DRIVER. Null until the engine can run the default workflow on a SQLite file;
    /// then return () => new ConsentFlowJourneyDriver(...) here (contract: IJourneyDriver / IJourney, see README.md).
    /// While it is null every run is a peer-only run.
    /// </summary>
    public static Func<IJourneyDriver>? ConsentFlow => null;

    /// <summary>The peer at its defaults (headline figure) and tuned (the bar ConsentFlow should also clear).</summary>
    public static IReadOnlyList<Func<IJourneyDriver>> Peers { get; } =
    [
        () => new WorkflowCoreJourneyDriver(WorkflowCoreTuning.Defaults),
        () => new WorkflowCoreJourneyDriver(WorkflowCoreTuning.Tuned),
    ];

    public static IReadOnlyList<Func<IJourneyDriver>> For(BenchOptions options) =>
        options.PeerOnly || ConsentFlow is null ? Peers : [ConsentFlow, .. Peers];
}
