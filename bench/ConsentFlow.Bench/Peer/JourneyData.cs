namespace ConsentFlow.Bench.Peer;

/// <summary>WorkflowCore workflow data for one synthetic patient.</summary>
public sealed class JourneyData
{
    /// <summary>Also the event key of every human step, as in "WaitFor an event keyed by the journey id".</summary>
    public string JourneyId { get; set; } = "";

    /// <summary>
    /// Effective date of every WaitFor: a submission made the instant a task is reported open can reach WorkflowCore
    /// before its subscription row is written (that happens after the step body ran); any event dated after the
    /// journey started must still count.
    /// </summary>
    public DateTime AcceptEventsFromUtc { get; set; }
}
