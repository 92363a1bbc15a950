using System.Diagnostics;

namespace ConsentFlow.Bench.Harness;

/// <summary>
/// Samples working set and managed heap while a run is going. Process.PeakWorkingSet64 is a whole-process high-water
/// mark, so with two systems in one process it cannot tell whose peak it was; sampling per run can.
/// </summary>
public sealed class MemorySampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peakWorkingSet;
    private long _peakManaged;
    private int _disposed;

    public MemorySampler() => _loop = Task.Run(SampleUntilStoppedAsync);

    public long PeakWorkingSetBytes => Interlocked.Read(ref _peakWorkingSet);
    public long PeakManagedBytes => Interlocked.Read(ref _peakManaged);

    private async Task SampleUntilStoppedAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            Sample();
        } while (await WaitQuietlyAsync(timer));
    }

    private async Task<bool> WaitQuietlyAsync(PeriodicTimer timer)
    {
        try { return await timer.WaitForNextTickAsync(_stop.Token); }
        catch (OperationCanceledException) { return false; }
    }

    private void Sample()
    {
        Max(ref _peakWorkingSet, Environment.WorkingSet);
        Max(ref _peakManaged, GC.GetTotalMemory(forceFullCollection: false));
    }

    private static void Max(ref long target, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }

    /// <summary>Stops sampling; safe to call twice (explicitly to freeze the peaks, then by <c>await using</c>).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        Sample(); // catch a peak reached after the last tick
        _stop.Cancel();
        await _loop;
        _stop.Dispose();
    }
}

/// <summary>Memory as it stands after a full, compacting collection: what the live objects really need.</summary>
public readonly record struct SettledMemory(long ManagedBytes, long GcHeapBytes, long WorkingSetBytes, long ProcessPeakWorkingSetBytes)
{
    public static SettledMemory Measure()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var self = Process.GetCurrentProcess();
        return new SettledMemory(GC.GetTotalMemory(forceFullCollection: false), GC.GetGCMemoryInfo().HeapSizeBytes,
            self.WorkingSet64, self.PeakWorkingSet64);
    }
}
