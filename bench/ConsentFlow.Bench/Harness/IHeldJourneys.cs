namespace ConsentFlow.Bench.Harness;

/// <summary>
/// A driver that can put many journeys in place at once for the memory run: each started (its three branch tasks, or
/// the branches' first tasks, open) and then left waiting, as a clinic's booked cases wait for staff. Without it the
/// memory run starts journeys one by one.
/// </summary>
public interface IHeldJourneys
{
    /// <summary>Starts <paramref name="count"/> journeys in batches; returns how many have every branch open.</summary>
    Task<int> StartHeldJourneysAsync(int count, Action<int> progress, CancellationToken cancellationToken);
}
