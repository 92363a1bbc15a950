using System.Diagnostics;
using System.Runtime;

namespace ConsentFlow.Bench.Harness;

/// <summary>
/// Warms a system up until the runtime has settled, on throwaway instances: rounds of journeys run until the JIT
/// takes almost none of a round's time. .NET compiles hot methods again, optimized, in the background (tiered
/// compilation); a short warm-up leaves that work, seconds of a core on 2 cores, inside whichever measured run comes
/// next. Time, not a method count, is the measure: a system that compiles small expressions for every new host
/// (WorkflowCore does) never stops compiling methods, but soon stops spending time on it.
/// </summary>
public static class WarmUp
{
    private const int JourneysPerRound = 200;
    private const int MaxRounds = 12;
    /// <summary>A round whose JIT time is below this share of its wall time counts as settled.</summary>
    private const double SettledJitShare = 0.02;

    public static async Task<string> RunAsync(Func<IJourneyDriver> createDriver, int concurrency, TimeSpan timeLimit)
    {
        var clock = Stopwatch.StartNew();
        var rounds = 0;
        double share;
        do
        {
            var jitBefore = JitInfo.GetCompilationTime();
            var round = Stopwatch.StartNew();
            await using (var warmUp = createDriver())
                await LoadRun.RunAsync(warmUp, JourneysPerRound, concurrency, timeLimit);
            share = (JitInfo.GetCompilationTime() - jitBefore) / round.Elapsed;
            rounds++;
        } while (share >= SettledJitShare && rounds < MaxRounds);
        return $"warm-up: {rounds} round(s) of {JourneysPerRound} journeys, {clock.Elapsed.TotalSeconds:F0} s, JIT {share:P1} of the last round" +
               (share >= SettledJitShare ? " (not settled)" : "");
    }
}
