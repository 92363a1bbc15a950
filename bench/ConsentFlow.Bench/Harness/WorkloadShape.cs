namespace ConsentFlow.Bench.Harness;

/// <summary>
/// The work one journey asks of an engine: its start and every submission. Journeys/s only compares engines on the
/// same shape; a journey with four more submissions is more work, not a slower engine.
/// </summary>
public sealed record WorkloadShape(string Label, int UnitsOfWork)
{
    /// <summary>Start, the three parallel branches and day-of verification: the journey the peer was first built for.</summary>
    public static readonly WorkloadShape PeersJourney = new("peer's journey", 5);

    /// <summary>
    /// The default PELD workflow's shape: the peer's journey plus the consent path's own submissions (discussion,
    /// teach-back, patient and witness signatures) before the measured consent signature.
    /// </summary>
    public static readonly WorkloadShape Peld = new("PELD shape", 9);
}
