using System.Diagnostics;
using System.Runtime;

namespace ConsentFlow.Bench.Harness;

/// <summary>
/// Warms a system up until it runs at a steady speed, on throwaway instances: rounds of journeys run for at least
/// <see cref="MinTime"/> and until two rounds in a row reach journeys/s within <see cref="SteadyWithin"/> of each other.
/// .NET compiles hot methods again, optimized, in the background (tiered compilation); a short warm-up leaves that
/// work, seconds of a core on 2 cores, inside whichever measured run comes next.
/// </summary>
public static class WarmUp
{
    private const int JourneysPerRound = 200;
    private static readonly TimeSpan MinTime = TimeSpan.FromSeconds(15);
    private const int MaxRounds = 30;
    private const double SteadyWithin = 0.10;

    public static async Task<string> RunAsync(Func<IJourneyDriver> createDriver, int concurrency, TimeSpan timeLimit)
    {
        var clock = Stopwatch.StartNew();
        var jitBefore = JitInfo.GetCompilationTime();
        var rounds = 0;
        double previous = 0, last = 0;
        bool steady;
        do
        {
            previous = last;
            await using (var warmUp = createDriver())
                last = (await LoadRun.RunAsync(warmUp, JourneysPerRound, concurrency, timeLimit)).JourneysPerSecond;
            rounds++;
            steady = previous > 0 && Math.Abs(last - previous) <= SteadyWithin * previous;
        } while ((clock.Elapsed < MinTime || !steady) && rounds < MaxRounds);
        return $"warm-up: {rounds} rounds of {JourneysPerRound} journeys in {clock.Elapsed.TotalSeconds:F0} s (JIT {(JitInfo.GetCompilationTime() - jitBefore).TotalSeconds:F1} s), " +
               $"last two rounds {previous:F0} and {last:F0} journeys/s" + (steady ? "" : " (not yet steady)");
    }
}
