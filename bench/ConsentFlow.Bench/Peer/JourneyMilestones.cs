namespace ConsentFlow.Bench.Peer;

/// <summary>
/// Points in a peer journey that its step bodies report, so the harness can wait on them. Laid out step by step after
/// "ready", so a journey that never reaches the consent path's steps needs no slots for them.
/// </summary>
internal static class Milestone
{
    public const int Ready = 0;
    public static int TaskOpened(PeerStep step) => 1 + 2 * (int)step;
    public static int StepAdvanced(PeerStep step) => 2 + 2 * (int)step;

    /// <summary>Slots for a journey whose steps go no further than <paramref name="last"/>.</summary>
    public static int CountUpTo(PeerStep last) => StepAdvanced(last) + 1;
}

/// <summary>
/// When each milestone of one journey was reached (a Stopwatch timestamp stamped by the step body itself).
/// Waiters are created only while someone waits, so 10,000 idle journeys cost ~100 bytes each here (the peer's
/// journey: nine slots), not a TaskCompletionSource per slot — the memory mode should measure WorkflowCore, not the harness.
/// </summary>
internal sealed class JourneyMilestones(int count)
{
    private readonly long[] _reachedAt = new long[count];
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
            _waiters ??= new TaskCompletionSource<long>?[_reachedAt.Length];
            // Asynchronous continuations: the awaiting harness code must not run on WorkflowCore's worker thread.
            var waiter = _waiters[milestone] ??= new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            return waiter.Task.WaitAsync(cancellationToken);
        }
    }
}
