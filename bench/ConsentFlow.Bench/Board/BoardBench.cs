using System.Diagnostics;
using System.Globalization;
using ConsentFlow.Application.Reading;
using ConsentFlow.Bench.Harness;
using ConsentFlow.Engine;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Scenarios;
using ConsentFlow.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Bench.Board;

/// <summary>
/// <c>--board</c>: the worklist at clinic-network size. Seeds N synthetic cases (default 100,000) through the engine into
/// a SQLite file kept between runs, then times the board's queries (first page, next page, each filter, search) and the
/// case page's data load, and prints p50/p95 against the 20 ms targets.
/// </summary>
public static class BoardBench
{
    public const double TargetMs = 20;

    /// <summary>
    /// Six weeks of history and four and a half months of bookings: a past case carries its whole history (a dozen units
    /// of work, timers), a future one little, so this mix seeds 100,000 cases in well under an hour on a busy 2-core machine.
    /// </summary>
    private const int DaysBack = 45, DaysAhead = 135;

    public static async Task<int> RunAsync(BoardOptions options)
    {
        var file = options.DatabaseFile ?? Path.Combine(Path.GetTempPath(), "consentflow-bench", $"board-{options.Cases}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var engine = await ConsentFlowEngine.OpenAsync(SqliteStorage.File(file), TimeProvider.System, CancellationToken.None);
        await SeedIfNeededAsync(engine, file, options.Cases);

        var clinic = new ClinicSettings(SyntheticClinic.TimeZoneId);
        var worklist = new Worklist(engine.Contexts, clinic, TimeProvider.System);
        var directory = new CaseDirectory(engine.Contexts, engine.Runtime);
        var first = await worklist.ListAsync(new WorklistQuery(), CancellationToken.None);
        Console.WriteLine($"board range {first.From:yyyy-MM-dd}..{first.To:yyyy-MM-dd}: {first.Counts.All:N0} cases " +
                          $"(done {first.Counts.Done:N0}, waiting {first.Counts.Waiting:N0}, blocked {first.Counts.Blocked:N0}), page of {first.Items.Count}");

        var someone = first.Items.FirstOrDefault()?.Case;
        var queries = new (string Name, Func<string?, WorklistQuery> Query)[]
        {
            ("first page (default week)", _ => new WorklistQuery()),
            ("next page (continuation)", next => new WorklistQuery(Continuation: next)),
            ("state = Blocked", _ => new WorklistQuery(State: ReadinessState.Blocked)),
            ("state = Done, 30 days", _ => new WorklistQuery(To: first.From.AddDays(30), State: ReadinessState.Done)),
            ("surgeon", _ => new WorklistQuery(Surgeon: "Dr. S. Iyer")),
            ("open task for nurse", _ => new WorklistQuery(Role: "nurse")),
            ("search family name prefix", _ => new WorklistQuery(Search: someone?.Patient.FamilyName[..3] ?? "Gar")),
            ("search MRN", _ => new WorklistQuery(Search: someone?.Patient.Mrn ?? "SYN-0000001")),
        };

        var all = new LatencyRecorder(options.Rounds * queries.Length);
        var rows = new List<(string, LatencySummary)>();
        foreach (var (name, build) in queries)
        {
            var recorder = new LatencyRecorder(options.Rounds);
            for (var i = 0; i < options.Rounds + 10; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await worklist.ListAsync(build(first.Continuation), CancellationToken.None);
                var elapsed = Stopwatch.GetTimestamp() - started;
                if (i < 10) continue; // warm-up: JIT, query plans, page cache
                recorder.Record(elapsed);
                all.Record(elapsed);
            }
            rows.Add((name, recorder.Summarize()));
        }

        // The case page's data: case and plan, readiness (from the read model), open tasks, consents.
        var ids = await RandomInstancesAsync(engine, options.Rounds);
        var casePage = new LatencyRecorder(ids.Count);
        for (var i = 0; i < ids.Count + 10; i++)
        {
            var id = ids[i % ids.Count];
            var started = Stopwatch.GetTimestamp();
            await directory.GetAsync(id, "en", CancellationToken.None);
            if (i >= 10) casePage.Record(Stopwatch.GetTimestamp() - started);
        }

        var board = all.Summarize();
        var page = casePage.Summarize();
        Console.WriteLine();
        Console.WriteLine($"{"query",-30} {"n",6} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8}");
        foreach (var (name, s) in rows) Console.WriteLine($"{name,-30} {s.Count,6} {s.P50Ms,8:F2} {s.P95Ms,8:F2} {s.P99Ms,8:F2} {s.MaxMs,8:F2}");
        Console.WriteLine();
        Console.WriteLine($"board query (all kinds): p50 {board.P50Ms:F2} ms, p95 {board.P95Ms:F2} ms  target p95 <= {TargetMs} ms  {Verdict(board.P95Ms)}");
        Console.WriteLine($"case page data load:     p50 {page.P50Ms:F2} ms, p95 {page.P95Ms:F2} ms  target p95 <= {TargetMs} ms  {Verdict(page.P95Ms)}");
        var met = board.P95Ms <= TargetMs && page.P95Ms <= TargetMs;
        if (options.Browser)
        {
            SqliteConnection.ClearAllPools();
            if (await BoardBrowser.MeasureAsync(file, options.BrowserRuns) is { } interactive)
            {
                Console.WriteLine($"board in chromium, time to interactive ({interactive.Count} loads): p50 {interactive.P50Ms:F0} ms, p95 {interactive.P95Ms:F0} ms, max {interactive.MaxMs:F0} ms" +
                                  $"  target <= {BoardBrowser.TargetMs:F0} ms  {(interactive.P95Ms <= BoardBrowser.TargetMs ? "MET" : "MISSED")}");
                met &= interactive.P95Ms <= BoardBrowser.TargetMs;
            }
        }
        SqliteConnection.ClearAllPools();
        return met ? 0 : 1;
    }

    private static string Verdict(double ms) => ms <= TargetMs ? "MET" : "MISSED";

    private static async Task SeedIfNeededAsync(ConsentFlowEngine engine, string file, int cases)
    {
        await using (var db = await engine.Contexts.CreateDbContextAsync())
        {
            var existing = await db.Instances.CountAsync();
            if (existing >= cases)
            {
                Console.WriteLine($"reusing {file}: {existing:N0} cases (delete it to seed again)");
                return;
            }
            if (existing > 0) throw new InvalidOperationException($"{file} holds {existing:N0} cases, fewer than {cases:N0}: delete it and run again.");
        }
        var workflows = WorkflowsFolder.FindAbove(Directory.GetCurrentDirectory(), AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("cannot find the repository's workflows/ folder");
        Console.WriteLine($"seeding {cases:N0} cases into {file} ({DaysBack} days back, {DaysAhead} ahead) …");
        var watch = Stopwatch.StartNew();
        await SyntheticClinic.SeedAsync(engine, workflows, cases, DaysBack, DaysAhead, DateTimeOffset.UtcNow, done =>
        {
            if (done % 10_000 == 0 || done == cases) Console.WriteLine($"  {done:N0} cases, {watch.Elapsed.TotalSeconds:N0} s");
        }, CancellationToken.None);
        Console.WriteLine($"seeded {cases:N0} cases in {watch.Elapsed.TotalSeconds:N0} s ({cases / watch.Elapsed.TotalSeconds:N0} cases/s); the file is {new FileInfo(file).Length / 1_048_576.0:N0} MB");
    }

    private static async Task<List<Guid>> RandomInstancesAsync(ConsentFlowEngine engine, int count)
    {
        await using var db = await engine.Contexts.CreateDbContextAsync();
        var ids = await db.CaseReadiness.AsNoTracking().Select(r => r.InstanceId).ToListAsync();
        var random = new Random(7);
        return Enumerable.Range(0, Math.Min(count, ids.Count)).Select(_ => ids[random.Next(ids.Count)]).ToList();
    }
}

/// <summary>Command line of <c>--board</c>.</summary>
public sealed record BoardOptions(int Cases, int Rounds, string? DatabaseFile, bool Browser = false, int BrowserRuns = 10)
{
    public const string Usage =
        "usage: ConsentFlow.Bench --board [--cases N] [--rounds N] [--db FILE] [--browser [--loads N]]\n" +
        "  --cases N    cases to seed (default 100000); the file is kept and reused by the next run\n" +
        "  --rounds N   timed repetitions of each query and case-page loads (default 200)\n" +
        "  --db FILE    the SQLite file (default: consentflow-bench/board-N.db in the temp folder)\n" +
        "  --browser    also load the board in headless chromium (/usr/bin/chromium) N times (--loads, default 10): time to interactive";

    public static BoardOptions Parse(string[] args)
    {
        var options = new BoardOptions(100_000, 200, null);
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--board" => options,
                "--cases" => options with { Cases = Number(args, ++i) },
                "--rounds" => options with { Rounds = Number(args, ++i) },
                "--browser" => options with { Browser = true },
                "--loads" => options with { BrowserRuns = Number(args, ++i) },
                "--db" => options with { DatabaseFile = i + 1 < args.Length ? args[++i] : throw new ArgumentException("--db needs a file") },
                _ => throw new ArgumentException($"unknown argument '{args[i]}'"),
            };
        }
        return options;
    }

    private static int Number(string[] args, int i) =>
        i < args.Length && int.TryParse(args[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n : throw new ArgumentException($"{args[i - 1]} needs a positive number");
}

/// <summary>Parses <c>--board</c>'s arguments and runs it; a usage error exits 2 like the load driver.</summary>
public static class BoardCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        BoardOptions options;
        try { options = BoardOptions.Parse(args); }
        catch (ArgumentException ex) { Console.Error.WriteLine(ex.Message); Console.Error.WriteLine(BoardOptions.Usage); return 2; }
        return await BoardBench.RunAsync(options);
    }
}
