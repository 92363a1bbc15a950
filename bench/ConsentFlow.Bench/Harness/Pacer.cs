using System.Diagnostics;

namespace ConsentFlow.Bench.Harness;

/// <summary>
/// Issues submissions at a fixed rate, whatever the system's speed (an open-loop load): each caller waits for the next
/// free slot of <c>1 / rate</c> seconds. Latency measured under it is the engine's own, not a queue the harness built
/// by keeping every staff slot busy.
/// </summary>
public sealed class Pacer(double submissionsPerSecond)
{
    private readonly long _interval = (long)(Stopwatch.Frequency / submissionsPerSecond);
    private long _next = Stopwatch.GetTimestamp();

    public double Rate => submissionsPerSecond;

    public async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        var slot = Interlocked.Add(ref _next, _interval);
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), slot);
        if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken);
    }
}
