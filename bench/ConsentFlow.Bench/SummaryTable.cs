using ConsentFlow.Bench.Harness;

namespace ConsentFlow.Bench;

/// <summary>Plain-text tables for the console; ratios are taken of each ConsentFlow row against the peer rows of the same journey shape.</summary>
public static class SummaryTable
{
    public static void PrintLoad(IReadOnlyList<LoadResult> results, IReadOnlyList<LoadResult> paced)
    {
        Console.WriteLine();
        Console.WriteLine("Throughput pass: staff submit as fast as the system answers. Submit → advanced latency (ms), throughput and memory");
        PrintRows(results);
        if (paced.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine($"Latency pass: the same journeys, submissions issued at {paced[0].PacedRate:F0}/s (open loop). Submit → advanced latency (ms)");
            PrintRows(paced);
        }
        var ours = results.Where(IsOurs).ToList();
        var peers = results.Where(r => !IsOurs(r)).ToList();
        if (ours.Count > 0 && peers.Count > 0)
        {
            PrintRatios(ours, peers, paced);
            PrintTargets(ours, peers, paced);
        }
        if (ours.Count == 0) Console.WriteLine("(no ConsentFlow driver registered or --peer-only: no ratios)");
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        Console.WriteLine($"process peak working set (all runs): {Mb(self.PeakWorkingSet64):F0} MB");
    }

    /// <summary>
    /// Each ConsentFlow row against every peer row of its own shape; a row of another shape against the peer's journey
    /// as well, marked, because earlier sessions reported that ratio.
    /// </summary>
    private static void PrintRatios(IReadOnlyList<LoadResult> ours, IReadOnlyList<LoadResult> peers, IReadOnlyList<LoadResult> paced)
    {
        Console.WriteLine();
        foreach (var mine in ours)
        {
            foreach (var peer in peers.Where(p => p.Shape == mine.Shape)) PrintRatio(mine, peer, paced, "");
            if (mine.Shape == WorkloadShape.PeersJourney) continue;
            foreach (var peer in peers.Where(p => p.Shape == WorkloadShape.PeersJourney))
                PrintRatio(mine, peer, paced, $"  (across shapes, for continuity: {mine.Shape.UnitsOfWork} units of work per journey against {peer.Shape.UnitsOfWork})");
        }
    }

    private static void PrintRatio(LoadResult mine, LoadResult peer, IReadOnlyList<LoadResult> paced, string note) =>
        Console.WriteLine($"ratio {mine.System} / {peer.System}: journeys/s ×{mine.JourneysPerSecond / peer.JourneysPerSecond:F2}" +
                          (LatencyOf(paced, mine) is { } a && LatencyOf(paced, peer) is { } b ? $", paced p99 ×{a.P99Ms / b.P99Ms:F2}" : "") + note);

    private static void PrintTargets(IReadOnlyList<LoadResult> ours, IReadOnlyList<LoadResult> peers, IReadOnlyList<LoadResult> paced)
    {
        Console.WriteLine();
        Console.WriteLine("Issue 8 targets (same run, same machine):");
        Console.WriteLine("  journeys/s: durable journeys/s ≥ WorkflowCore in memory on the same journey (ratio to the best peer setting of that shape ≥ ×1.00)");
        foreach (var mine in ours)
        {
            var shape = $"{mine.Shape.Label} ({mine.Shape.UnitsOfWork} units of work per journey)";
            if (BestPeer(peers, mine.Shape) is not { } best)
            {
                Console.WriteLine($"    {shape}: {mine.System} {mine.JourneysPerSecond:F1}, no peer row of this shape  NOT MEASURED");
                continue;
            }
            Console.WriteLine($"    {shape}: {mine.System} {mine.JourneysPerSecond:F1} vs best peer {best.JourneysPerSecond:F1} ({best.System})" +
                              $"  ratio ×{mine.JourneysPerSecond / best.JourneysPerSecond:F2}  {Verdict(mine.JourneysPerSecond >= best.JourneysPerSecond)}");
        }
        if (BestPeer(peers, WorkloadShape.PeersJourney) is { } bestOnPeersJourney)
            foreach (var mine in ours.Where(m => m.Shape != WorkloadShape.PeersJourney))
                Console.WriteLine($"    information, not the target: {mine.System} {mine.JourneysPerSecond:F1} vs best peer on the {bestOnPeersJourney.Shape.Label} {bestOnPeersJourney.JourneysPerSecond:F1} " +
                                  $"({bestOnPeersJourney.System}; {mine.Shape.UnitsOfWork} units of work per journey against {bestOnPeersJourney.Shape.UnitsOfWork})  ratio ×{mine.JourneysPerSecond / bestOnPeersJourney.JourneysPerSecond:F2}");
        foreach (var mine in ours)
        {
            if (LatencyOf(paced, mine) is not { } latency) continue;
            var scale = mine.Journeys >= TargetConcurrentJourneys ? "" : $" (this run: {mine.Journeys:N0} concurrent journeys, the target is stated for {TargetConcurrentJourneys:N0})";
            Console.WriteLine($"  submit p99, {mine.System}: {latency.P99Ms:F2} ms at {paced[0].PacedRate:F0} submissions/s  target ≤ {TargetP99Ms:F0} ms at {TargetConcurrentJourneys:N0} concurrent journeys  {Verdict(latency.P99Ms <= TargetP99Ms)}{scale}");
        }
    }

    private static LoadResult? BestPeer(IReadOnlyList<LoadResult> peers, WorkloadShape shape) =>
        peers.Where(p => p.Shape == shape).MaxBy(p => p.JourneysPerSecond);

    private static void PrintRows(IReadOnlyList<LoadResult> results)
    {
        Console.WriteLine($"{"system",-48} {"store",-20} {"done",11} {"p50",7} {"p95",7} {"p99",8} {"max",9} {"journeys/s",10} {"peak WS MB",10} {"peak heap MB",12}");
        foreach (var r in results)
            Console.WriteLine($"{r.System,-48} {r.Persistence,-20} {$"{r.Completed}/{r.Journeys}",11} {r.Submit.P50Ms,7:F2} {r.Submit.P95Ms,7:F2} {r.Submit.P99Ms,8:F2} {r.Submit.MaxMs,9:F1} {r.JourneysPerSecond,10:F1} {Mb(r.PeakWorkingSetBytes),10:F0} {Mb(r.PeakManagedBytes),12:F0}");
        foreach (var r in results)
        {
            Console.WriteLine($"  {r.System}: {r.Submit.Count} submissions, concurrency {r.Concurrency}, wall {r.Elapsed.TotalSeconds:F1} s, mean {r.Submit.MeanMs:F2} ms; {string.Join("; ", r.Settings)}");
            if (r.TimedOut) Console.WriteLine($"  {r.System}: TIME LIMIT REACHED — figures cover finished journeys only");
            if (r.Failure is not null) Console.WriteLine($"  {r.System}: FAILED {r.Failure}");
        }
    }

    private static bool IsOurs(LoadResult result) => result.System.StartsWith("ConsentFlow", StringComparison.Ordinal);

    private static LatencySummary? LatencyOf(IReadOnlyList<LoadResult> paced, LoadResult run) =>
        paced.FirstOrDefault(p => p.System == run.System)?.Submit;

    public static void PrintMemory(IReadOnlyList<MemoryResult> results)
    {
        Console.WriteLine();
        Console.WriteLine("Active instances held in memory (after full compacting GC)");
        Console.WriteLine($"{"system",-48} {"store",-20} {"active",13} {"heap MB",8} {"+heap MB",9} {"WS MB",7} {"+WS MB",7} {"KB/inst",8} {"start s",8}");
        foreach (var r in results)
            Console.WriteLine($"{r.System,-48} {r.Persistence,-20} {$"{r.ActiveWithTasksOpen}/{r.Instances}",13} {Mb(r.After.ManagedBytes),8:F1} {Mb(r.ManagedGrowthBytes),9:F1} {Mb(r.After.WorkingSetBytes),7:F0} {Mb(r.WorkingSetGrowthBytes),7:F0} {r.ManagedGrowthBytes / 1024.0 / Math.Max(r.ActiveWithTasksOpen, 1),8:F1} {r.Elapsed.TotalSeconds,8:F1}");
        foreach (var r in results)
        {
            if (r.TimedOut) Console.WriteLine($"  {r.System}: TIME LIMIT REACHED before all instances had their tasks open");
            if (r.Failure is not null) Console.WriteLine($"  {r.System}: FAILED {r.Failure}");
        }
        Console.WriteLine("heap = GC.GetTotalMemory after collection; WS = process working set (includes runtime, JIT, earlier runs); + = growth over the set-up baseline");
        if (results.Count > 0 && results[0].System.StartsWith("ConsentFlow", StringComparison.Ordinal))
        {
            var ours = results[0];
            Console.WriteLine();
            Console.WriteLine($"Issue 8 target: {TargetMemoryInstances:N0} active instances in ≤ {TargetWorkingSetMb:F0} MB working set");
            var complete = ours.ActiveWithTasksOpen >= TargetMemoryInstances && !ours.TimedOut && ours.Failure is null;
            Console.WriteLine($"  ours: {ours.ActiveWithTasksOpen:N0} active, working set {Mb(ours.After.WorkingSetBytes):F0} MB  " +
                              (complete ? Verdict(Mb(ours.After.WorkingSetBytes) <= TargetWorkingSetMb) : $"NOT MEASURED at {TargetMemoryInstances:N0} (run --instances {TargetMemoryInstances})"));
            foreach (var peer in results.Skip(1))
                Console.WriteLine($"  ratio to {peer.System} ({peer.ActiveWithTasksOpen:N0} active, {Mb(peer.After.WorkingSetBytes):F0} MB): working set ×{(double)ours.After.WorkingSetBytes / peer.After.WorkingSetBytes:F2}");
        }
    }

    public const double TargetP99Ms = 5;
    public const int TargetConcurrentJourneys = 1000;
    public const int TargetMemoryInstances = 100_000;
    public const double TargetWorkingSetMb = 400;

    private static string Verdict(bool met) => met ? "MET" : "MISSED";

    private static double Mb(long bytes) => bytes / (1024.0 * 1024.0);
}
