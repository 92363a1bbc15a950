using System.Diagnostics;
using ConsentFlow.Cli.Demo;
using ConsentFlow.Engine;
using ConsentFlow.Engine.Scenarios;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Cli.Commands;

/// <summary>
/// <c>seed --db FILE --cases N [--days-back D] [--days-ahead A]</c>: a busy clinic's synthetic patients and cases,
/// written through the engine (so every case is one the workflow could have produced), in batches of one transaction.
/// </summary>
internal static class SeedCommand
{
    public const int DefaultDaysBack = 180;
    public const int DefaultDaysAhead = 60;

    public static async Task<int> RunAsync(CliArguments args, CliConsole console, CancellationToken cancellationToken)
    {
        args.NoPositional();
        var cases = PositiveNumber(args, "--cases", null, 1, 10_000_000);
        var daysBack = PositiveNumber(args, "--days-back", DefaultDaysBack, 0, 3650);
        var daysAhead = PositiveNumber(args, "--days-ahead", DefaultDaysAhead, 0, 700);
        var workflows = args.Value("--workflows") ?? WorkflowFolder.Find()
            ?? throw new UsageException("seed: cannot find the workflows folder; pass --workflows DIR");
        if (!File.Exists(Path.Combine(workflows, SyntheticClinic.DefaultWorkflowFile)) || !File.Exists(Path.Combine(workflows, AnswerBook.TypicalAnswersFile)))
            throw new UsageException($"seed: '{workflows}' lacks {SyntheticClinic.DefaultWorkflowFile} or {AnswerBook.TypicalAnswersFile}");

        using var database = CliDatabase.Open(args, DatabaseAccess.CreateIfMissing);
        var engine = await ConsentFlowEngine.OpenAsync(database.Storage, TimeProvider.System, cancellationToken);
        var watch = Stopwatch.StartNew();
        var reported = 0;
        var written = await SyntheticClinic.SeedAsync(engine, workflows, cases, daysBack, daysAhead, DateTimeOffset.UtcNow, done =>
        {
            if (done - reported < 10_000 && done != cases) return;
            reported = done;
            console.Out.WriteLine($"  {done:N0} of {cases:N0} cases ({watch.Elapsed.TotalSeconds:N0} s)");
        }, cancellationToken);

        await using var db = await engine.Contexts.CreateDbContextAsync(cancellationToken);
        var states = await db.CaseReadiness.AsNoTracking().GroupBy(r => r.State).Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var patients = await db.Patients.CountAsync(cancellationToken);
        await console.Out.WriteLineAsync($"Seeded {written:N0} cases in {watch.Elapsed.TotalSeconds:N1} s ({written / Math.Max(watch.Elapsed.TotalSeconds, 0.001):N0}/s), "
            + $"{daysBack} days back to {daysAhead} days ahead; the database now holds {patients:N0} patients.");
        await console.Out.WriteLineAsync("By readiness: " + string.Join(", ", states.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Count:N0}")));
        return ExitCodes.Ok;
    }

    private static int PositiveNumber(CliArguments args, string option, int? fallback, int min, int max)
    {
        var text = args.Value(option);
        if (text is null)
            return fallback ?? throw new UsageException($"seed: {option} N is required");
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"seed: {option} must be a whole number from {min} to {max:N0}");
    }
}
