using System.Diagnostics;

namespace ConsentFlow.Bench.Harness;

/// <summary>
/// Runs <c>journeys</c> concurrent patient journeys through one driver. All journeys are live at once, each on its own
/// thread-pool work item (an engine that completes synchronously must not run the journeys one after another); at
/// most <c>concurrency</c> starts/submissions are in flight at a time, like a fixed number of clinic staff working.
/// With a <see cref="Pacer"/> the staff also submit at a fixed rate (the latency pass); without one they submit as
/// fast as the system answers (the throughput pass). Latency is measured per submission from just before it is issued
/// to the moment the engine advanced past the step; the wait for a staff slot or a paced turn is not part of it.
/// </summary>
public static class LoadRun
{
    public static async Task<LoadResult> RunAsync(IJourneyDriver driver, int journeys, int concurrency, TimeSpan timeLimit, Pacer? pacer = null)
    {
        using var limit = new CancellationTokenSource(timeLimit);
        await driver.SetUpAsync(limit.Token);
        if (pacer is not null) driver.PaceOwnSubmissions(pacer);

        var recorder = new LatencyRecorder(journeys * JourneyShape.SubmissionsPerJourney);
        using var staff = new SemaphoreSlim(concurrency);
        var completed = 0;
        string? failure = null;

        await using var sampler = new MemorySampler();
        var clock = Stopwatch.StartNew();
        var scripts = Enumerable.Range(0, journeys).Select(patient => Task.Run(async () =>
        {
            try
            {
                await RunOneJourneyAsync(driver, patient, new Staff(staff, pacer), recorder, limit.Token);
                Interlocked.Increment(ref completed);
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested) { }
            catch (Exception ex) { Interlocked.CompareExchange(ref failure, $"patient {patient}: {ex.GetType().Name}: {ex.Message}", null); }
        })).ToArray();
        await Task.WhenAll(scripts);
        clock.Stop();
        await sampler.DisposeAsync();

        return new LoadResult(driver.Name, driver.Shape, driver.Persistence, driver.Settings, journeys, concurrency, completed,
            clock.Elapsed, recorder.Summarize(), completed / clock.Elapsed.TotalSeconds,
            sampler.PeakWorkingSetBytes, sampler.PeakManagedBytes, limit.IsCancellationRequested, failure, pacer?.Rate);
    }

    /// <summary>The clinic's staff: a bounded number at work at once, submitting at the pacer's rate when there is one.</summary>
    private sealed record Staff(SemaphoreSlim Slots, Pacer? Pacer)
    {
        public async Task EnterAsync(CancellationToken cancellationToken)
        {
            if (Pacer is not null) await Pacer.WaitTurnAsync(cancellationToken);
            await Slots.WaitAsync(cancellationToken);
        }

        public void Leave() => Slots.Release();
    }

    private static async Task RunOneJourneyAsync(IJourneyDriver driver, int patient, Staff staff,
        LatencyRecorder recorder, CancellationToken ct)
    {
        IJourney journey;
        await staff.EnterAsync(ct);
        try { journey = await driver.StartJourneyAsync(patient, ct); }
        finally { staff.Leave(); }

        // Wait for the whole split to be open first: staff see all three tasks on the worklist together.
        foreach (var branch in JourneyShape.ParallelBranches) await journey.WhenTaskOpenAsync(branch, ct);
        foreach (var branch in JourneyShape.BranchOrderFor(patient)) await SubmitAsync(journey, branch, staff, recorder, ct);

        await journey.WhenTaskOpenAsync(HumanStep.DayOfVerification, ct);
        await SubmitAsync(journey, HumanStep.DayOfVerification, staff, recorder, ct);
        await journey.WhenReadyAsync(ct);
    }

    private static async Task SubmitAsync(IJourney journey, HumanStep step, Staff staff,
        LatencyRecorder recorder, CancellationToken ct)
    {
        await staff.EnterAsync(ct);
        try
        {
            var issued = Stopwatch.GetTimestamp();
            var advanced = await journey.SubmitAsync(step, ct);
            recorder.Record(advanced - issued);
        }
        finally { staff.Leave(); }
    }
}

public sealed record LoadResult(
    string System, WorkloadShape Shape, string Persistence, IReadOnlyList<string> Settings, int Journeys, int Concurrency, int Completed,
    TimeSpan Elapsed, LatencySummary Submit, double JourneysPerSecond, long PeakWorkingSetBytes, long PeakManagedBytes,
    bool TimedOut, string? Failure, double? PacedRate = null);
