namespace ConsentFlow.Bench.Peer;

using ConsentFlow.Bench.Harness;

/// <summary>Points in a peer journey that its step bodies report, so the harness can wait on them.</summary>
internal static class Milestone
{
    public const int Count = 9;
    public static int TaskOpened(HumanStep step) => (int)step;
    public static int StepAdvanced(HumanStep step) => 4 + (int)step;
    public const int Ready = 8;
}

/// <summary>
/// When each milestone of one journey was reached (a Stopwatch timestamp stamped by the step body itself).
/// Waiters are created only while someone waits, so 10,000 idle journeys cost ~100 bytes each here, not
/// nine TaskCompletionSources each — the memory mode should measure WorkflowCore, not the harness.
/// </summary>
internal sealed class JourneyMilestones
{
    private readonly long[] _reachedAt = new long[Milestone.Count];
    private TaskCompletionSource<long>?[]? _waiters;

    public void Reach(int milestone, long timestamp)
    {
        TaskCompletionSource<long>? waiter = null;
        lock (_reachedAt)
        {
            if (_reachedAt[milestone] != 0) return; // a step may be re-run by the engine; first arrival counts
            _reachedAt[milestone] = timestamp;
            if (_waiters is not null) (waiter, _waiters[milestone]) = (_waiters[milestone], null);
        }
        waiter?.TrySetResult(timestamp);
    }

    public Task<long> WhenReached(int milestone, CancellationToken cancellationToken)
    {
        lock (_reachedAt)
        {
            if (_reachedAt[milestone] != 0) return Task.FromResult(_reachedAt[milestone]);
            _waiters ??= new TaskCompletionSource<long>?[Milestone.Count];
            // Asynchronous continuations: the awaiting harness code must not run on WorkflowCore's worker thread.
            var waiter = _waiters[milestone] ??= new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            return waiter.Task.WaitAsync(cancellationToken);
        }
    }
}
