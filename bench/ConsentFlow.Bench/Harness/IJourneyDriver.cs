namespace ConsentFlow.Bench.Harness;

/// <summary>
/// A workflow system under test, able to run synthetic patient journeys of the shape in <see cref="JourneyShape"/>:
/// start → parallel {imaging review, sedation screening, consent signature} → join → day-of verification → ready.
/// The harness owns timing, concurrency and reporting; a driver only translates journey actions into engine calls.
/// </summary>
public interface IJourneyDriver : IAsyncDisposable
{
    /// <summary>Engine name and version as printed in the summary, e.g. "WorkflowCore 3.22.0".</summary>
    string Name { get; }

    /// <summary>Where instances live, e.g. "in-memory" or "SQLite file (WAL)". Printed next to the figures.</summary>
    string Persistence { get; }

    /// <summary>The work each journey asks of the engine; the summary compares rows of the same shape.</summary>
    WorkloadShape Shape { get; }

    /// <summary>Settings a reader needs to judge the figures (polling intervals, pool sizes, database path).</summary>
    IReadOnlyList<string> Settings { get; }

    /// <summary>Creates the database / starts the host. Not timed.</summary>
    Task SetUpAsync(CancellationToken cancellationToken);

    /// <summary>Starts one journey for a synthetic patient; completes once the engine has accepted it.</summary>
    Task<IJourney> StartJourneyAsync(int patientNumber, CancellationToken cancellationToken);

    /// <summary>
    /// The latency pass's pacer. A driver whose workflow needs submissions of its own between the harness's steps (the
    /// default PELD workflow's consent path) takes a paced turn for each, so every submission counts against the rate.
    /// </summary>
    void PaceOwnSubmissions(Pacer pacer) { }
}

/// <summary>One running journey as seen by the harness.</summary>
public interface IJourney
{
    string Id { get; }

    /// <summary>Completes when <paramref name="step"/>'s task is open, i.e. a submission for it would be accepted.</summary>
    Task WhenTaskOpenAsync(HumanStep step, CancellationToken cancellationToken);

    /// <summary>
    /// Issues the human submission for <paramref name="step"/> and completes once the engine has advanced past it
    /// (the step after it ran, or the next task is available). Returns the <see cref="System.Diagnostics.Stopwatch"/>
    /// timestamp of that moment, taken inside the engine where possible, so the harness's own scheduling delay is
    /// not charged to the engine.
    /// </summary>
    Task<long> SubmitAsync(HumanStep step, CancellationToken cancellationToken);

    /// <summary>Completes when the journey has reached its end state "ready".</summary>
    Task WhenReadyAsync(CancellationToken cancellationToken);
}
