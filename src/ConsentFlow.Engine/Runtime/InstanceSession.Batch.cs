using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Engine.Runtime;

internal sealed partial class InstanceSession
{
    /// <summary>
    /// The next unit of work on the same instance, in the same context, without reading it again: the bulk writer stages
    /// many units (a synthetic case's whole history) and saves them together. The previous unit must be staged first.
    /// The journal writer is shared so the stream's chain continues in memory; <paramref name="clock"/> must be the one
    /// this chain was started with, moved to the new unit's time.
    /// </summary>
    public InstanceSession Continue(TimeProvider clock, Actor actor) =>
        new(this, clock, actor);

    private InstanceSession(InstanceSession previous, TimeProvider clock, Actor actor)
        : this(previous._db, clock, previous.Definition, previous.Instance, previous.Case, actor)
    {
        _journal = previous._journal;
        Tokens = previous.Tokens.Where(t => t.Status is TokenStatus.Active or TokenStatus.Waiting or TokenStatus.Joined).ToList();
        OpenTasks = previous.OpenTasks.Where(t => t.Status == WorkTaskStatus.Open).ToList();
        ActiveStops = previous.ActiveStops.Where(s => s.Status == HardStopStatus.Active).ToList();
        PendingTimers = previous.PendingTimers.Where(t => t.Status == TimerStatus.Pending).ToList();
        LiveConsents = previous.LiveConsents.Where(c => c.Status is ConsentStatus.Proposed or ConsentStatus.Active).ToList();
    }
}
