using System.Collections.Concurrent;

namespace ConsentFlow.Bench.Peer;

/// <summary>Lets WorkflowCore step bodies (built by DI, knowing only the workflow data) reach the harness's journey.</summary>
internal sealed class MilestoneBoard(int milestonesPerJourney)
{
    private readonly ConcurrentDictionary<string, JourneyMilestones> _journeys = new();

    public JourneyMilestones Register(string journeyId) => _journeys.GetOrAdd(journeyId, _ => new JourneyMilestones(milestonesPerJourney));

    public void Reach(string journeyId, int milestone, long timestamp)
    {
        if (_journeys.TryGetValue(journeyId, out var journey)) journey.Reach(milestone, timestamp);
        // A finished journey needs no more lookups; the harness keeps its own reference while it waits.
        if (milestone == Milestone.Ready) _journeys.TryRemove(journeyId, out _);
    }
}
