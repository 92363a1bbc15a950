using System.Diagnostics;

namespace ConsentFlow.Bench.Harness;

/// <summary>
/// Runs <c>journeys</c> concurrent patient journeys through one driver. All journeys are live at once; at most
/// <c>concurrency</c> starts/submissions are in flight at a time, like a fixed number of clinic staff working.
/// Latency is measured per submission from just before it is issued to the moment the engine advanced past the step;
/// the wait for a free staff slot is not part of it.
/// </summary>
public static class LoadRun
{
    public static async Task<LoadResult> RunAsync(IJourneyDriver driver, int journeys, int concurrency, TimeSpan timeLimit)
    {
        using var limit = new CancellationTokenSource(timeLimit);
        await driver.SetUpAsync(limit.Token);

        var recorder = new LatencyRecorder(journeys * JourneyShape.SubmissionsPerJourney);
        using var staff = new SemaphoreSlim(concurrency);
        var completed = 0;
        string? failure = null;

        await using var sampler = new MemorySampler();
        var clock = Stopwatch.StartNew();
        var scripts = Enumerable.Range(0, journeys).Select(async patient =>
        {
            try
            {
                await RunOneJourneyAsync(driver, patient, staff, recorder, limit.Token);
                Interlocked.Increment(ref completed);
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested) { }
            catch (Exception ex) { Interlocked.CompareExchange(ref failure, $"patient {patient}: {ex.GetType().Name}: {ex.Message}", null); }
        }).ToArray();
        await Task.WhenAll(scripts);
        clock.Stop();
        await sampler.DisposeAsync();

        return new LoadResult(driver.Name, driver.Persistence, driver.Settings, journeys, concurrency, completed,
            clock.Elapsed, recorder.Summarize(), completed / clock.Elapsed.TotalSeconds,
            sampler.PeakWorkingSetBytes, sampler.PeakManagedBytes, limit.IsCancellationRequested, failure);
    }

    private static async Task RunOneJourneyAsync(IJourneyDriver driver, int patient, SemaphoreSlim staff,
        LatencyRecorder recorder, CancellationToken ct)
    {
        IJourney journey;
        await staff.WaitAsync(ct);
        try { journey = await driver.StartJourneyAsync(patient, ct); }
        finally { staff.Release(); }

        // Wait for the whole split to be open first: staff see all three tasks on the worklist together.
        foreach (var branch in JourneyShape.ParallelBranches) await journey.WhenTaskOpenAsync(branch, ct);
        foreach (var branch in JourneyShape.BranchOrderFor(patient)) await SubmitAsync(journey, branch, staff, recorder, ct);

        await journey.WhenTaskOpenAsync(HumanStep.DayOfVerification, ct);
        await SubmitAsync(journey, HumanStep.DayOfVerification, staff, recorder, ct);
        await journey.WhenReadyAsync(ct);
    }

    private static async Task SubmitAsync(IJourney journey, HumanStep step, SemaphoreSlim staff,
        LatencyRecorder recorder, CancellationToken ct)
    {
        await staff.WaitAsync(ct);
        try
        {
            var issued = Stopwatch.GetTimestamp();
            var advanced = await journey.SubmitAsync(step, ct);
            recorder.Record(advanced - issued);
        }
        finally { staff.Release(); }
    }
}

public sealed record LoadResult(
    string System, string Persistence, IReadOnlyList<string> Settings, int Journeys, int Concurrency, int Completed,
    TimeSpan Elapsed, LatencySummary Submit, double JourneysPerSecond, long PeakWorkingSetBytes, long PeakManagedBytes,
    bool TimedOut, string? Failure);
