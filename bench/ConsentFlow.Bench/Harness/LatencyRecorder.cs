using System.Diagnostics;

namespace ConsentFlow.Bench.Harness;

/// <summary>
/// Collects every latency sample (no sampling, no buckets) so percentiles are exact; a run holds at most a few
/// hundred thousand longs, so a sorted copy is cheaper than pulling in a histogram dependency.
/// </summary>
public sealed class LatencyRecorder(int expectedSamples)
{
    private long[] _samples = new long[Math.Max(expectedSamples, 16)];
    private int _count;
    private readonly Lock _growLock = new();

    /// <summary>Records one latency measured in <see cref="Stopwatch"/> ticks. Thread-safe.</summary>
    public void Record(long stopwatchTicks)
    {
        lock (_growLock)
        {
            if (_count == _samples.Length) Array.Resize(ref _samples, _samples.Length * 2);
            _samples[_count++] = stopwatchTicks;
        }
    }

    public LatencySummary Summarize()
    {
        long[] sorted;
        lock (_growLock) sorted = _samples[.._count];
        Array.Sort(sorted);
        return new LatencySummary(sorted.Length,
            ToMs(Percentile(sorted, 50)), ToMs(Percentile(sorted, 95)), ToMs(Percentile(sorted, 99)),
            ToMs(sorted.Length == 0 ? 0 : sorted[^1]),
            sorted.Length == 0 ? 0 : ToMs((long)sorted.Average()));
    }

    /// <summary>Nearest-rank percentile: the smallest sample with at least p% of samples at or below it.</summary>
    private static long Percentile(long[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double ToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

public readonly record struct LatencySummary(int Count, double P50Ms, double P95Ms, double P99Ms, double MaxMs, double MeanMs);
