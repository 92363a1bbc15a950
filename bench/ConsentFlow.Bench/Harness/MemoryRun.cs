using System.Diagnostics;

namespace ConsentFlow.Bench.Harness;

/// <summary>
/// Holds <c>instances</c> journeys active at once (each waiting on its three open branch tasks) and measures what
/// they cost after a full collection, against a baseline taken once the driver was set up.
/// </summary>
public static class MemoryRun
{
    public static async Task<MemoryResult> RunAsync(IJourneyDriver driver, int instances, int concurrency, TimeSpan timeLimit)
    {
        using var limit = new CancellationTokenSource(timeLimit);
        await driver.SetUpAsync(limit.Token);
        var before = SettledMemory.Measure();

        var journeys = new IJourney?[instances]; // kept so nothing the driver hands out is collected early
        var open = 0;
        string? failure = null;
        var clock = Stopwatch.StartNew();
        try
        {
            if (driver is IHeldJourneys held)
            {
                var reported = 0;
                open = await held.StartHeldJourneysAsync(instances, started =>
                {
                    if (started - reported < 10_000 && started != instances) return;
                    reported = started;
                    // Without a collection: a trend while the run goes, the settled figure comes at the end.
                    Console.WriteLine($"  {started:N0} started, {clock.Elapsed.TotalSeconds:F0} s, working set {Environment.WorkingSet / 1_048_576.0:F0} MB, heap {GC.GetTotalMemory(false) / 1_048_576.0:F0} MB");
                }, limit.Token);
                clock.Stop();
                return Finish(driver, instances, open, clock, before, limit, failure);
            }
            await Parallel.ForAsync(0, instances,
                new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = limit.Token },
                async (patient, ct) => journeys[patient] = await driver.StartJourneyAsync(patient, ct));
            await Task.WhenAll(journeys.Select(async journey =>
            {
                foreach (var branch in JourneyShape.ParallelBranches) await journey!.WhenTaskOpenAsync(branch, limit.Token);
                Interlocked.Increment(ref open);
            }));
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested) { }
        catch (Exception ex) { failure = $"{ex.GetType().Name}: {ex.Message}"; }
        clock.Stop();
        var result = Finish(driver, instances, open, clock, before, limit, failure);
        GC.KeepAlive(journeys);
        return result;
    }

    private static MemoryResult Finish(IJourneyDriver driver, int instances, int open, Stopwatch clock, SettledMemory before,
        CancellationTokenSource limit, string? failure)
    {
        var after = SettledMemory.Measure();
        return new MemoryResult(driver.Name, driver.Persistence, instances, open, clock.Elapsed, before, after,
            limit.IsCancellationRequested, failure);
    }
}

public sealed record MemoryResult(
    string System, string Persistence, int Instances, int ActiveWithTasksOpen, TimeSpan Elapsed,
    SettledMemory Before, SettledMemory After, bool TimedOut, string? Failure)
{
    public long ManagedGrowthBytes => After.ManagedBytes - Before.ManagedBytes;
    public long WorkingSetGrowthBytes => After.WorkingSetBytes - Before.WorkingSetBytes;
}
