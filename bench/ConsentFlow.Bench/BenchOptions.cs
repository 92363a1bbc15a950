namespace ConsentFlow.Bench;

/// <summary>Command line of the load driver. Every run is bounded by <see cref="TimeLimit"/> per system.</summary>
public sealed record BenchOptions(int Journeys, int Concurrency, int MemoryInstances, bool PeerOnly, bool MemoryMode, TimeSpan TimeLimit, bool OursOnly = false,
    double? PacedRate = BenchOptions.DefaultPacedRate)
{
    /// <summary>Submissions per second of the latency pass: far above a clinic's busiest hour, well below either system's limit.</summary>
    public const double DefaultPacedRate = 200;

    public const string Usage =
        "usage: ConsentFlow.Bench [--journeys N] [--concurrency N] [--rate N | --no-latency] [--quick] [--peer-only | --ours-only] [--memory [--instances N]] [--time-limit-s N]\n" +
        "  --journeys N      concurrent synthetic patients in the load run (default 1000)\n" +
        "  --concurrency N   starts/submissions in flight at once, i.e. staff working (default 16)\n" +
        "  --quick           smoke run: 100 journeys, 1000 memory instances, 50 s limit\n" +
        "  --peer-only       skip ConsentFlow, run only WorkflowCore\n" +
        "  --ours-only       skip WorkflowCore, run only ConsentFlow (no ratios)\n" +
        "  --rate N          submissions/s of the latency pass that follows each throughput pass (default 200)\n" +
        "  --no-latency      throughput pass only\n" +
        "  --memory          instead of the load run, hold N active instances and report memory (default N 10000)\n" +
        "  --time-limit-s N  give up on a system after N seconds (default 300)";

    public static BenchOptions Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        var options = new BenchOptions(quick ? 100 : 1000, 16, quick ? 1000 : 10_000, false, false, TimeSpan.FromSeconds(quick ? 50 : 300));
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--journeys" => options with { Journeys = PositiveInt(args, ++i) },
                "--concurrency" => options with { Concurrency = PositiveInt(args, ++i) },
                "--instances" => options with { MemoryInstances = PositiveInt(args, ++i) },
                "--rate" => options with { PacedRate = PositiveInt(args, ++i) },
                "--no-latency" => options with { PacedRate = null },
                "--time-limit-s" => options with { TimeLimit = TimeSpan.FromSeconds(PositiveInt(args, ++i)) },
                "--peer-only" => options with { PeerOnly = true },
                "--ours-only" => options with { OursOnly = true },
                "--memory" => options with { MemoryMode = true },
                "--quick" => options,
                _ => throw new ArgumentException($"unknown argument '{args[i]}'"),
            };
        }
        return options;
    }

    private static int PositiveInt(string[] args, int i) =>
        i < args.Length && int.TryParse(args[i], out var n) && n > 0 ? n : throw new ArgumentException($"{args[i - 1]} needs a positive number");
}
