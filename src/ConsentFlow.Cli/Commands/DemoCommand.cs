using System.Globalization;
using ConsentFlow.Cli.Demo;
using ConsentFlow.Engine;
using ConsentFlow.Engine.Journal;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Scenarios;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Storage.Sqlite;

namespace ConsentFlow.Cli.Commands;

/// <summary>
/// <c>demo --out DIR [--tsa URL] [--public-url URL]</c>: one synthetic patient through the whole default workflow on a new
/// SQLite database in DIR, printing every task as it opens and completes, then the final readiness. With <c>--tsa</c> the
/// seal is timestamped by that RFC 3161 authority (PAdES B-T); <c>--public-url</c> is the address the QR code opens.
/// </summary>
internal static class DemoCommand
{
    public const string DatabaseFile = "consentflow-demo.db";

    /// <summary>The uneventful patient's week: who does what, and when relative to the scheduled start.</summary>
    private static readonly (string? At, string Role, string StepId)[] Script =
    [
        ("@start-8d+1h", "nurse", "imaging-review"),
        (null, "nurse", "sedation-screening"),
        ("@start-7d", "surgeon", "consent-discussion"),
        (null, "patient", "teach-back"),
        (null, "patient", "consent-signature"),
        (null, "witness", "consent-signature"),
        (null, "surgeon", "consent-signature"),
        ("@start-90m", "nurse", "day-of-verification"),
    ];

    public static async Task<int> RunAsync(CliArguments args, CliConsole console, CancellationToken cancellationToken,
        IConsentDocumentWriter? documents = null)
    {
        args.NoPositional();
        var output = Path.GetFullPath(args.RequiredValue("--out", "DIR"));
        var workflows = args.Value("--workflows") ?? WorkflowFolder.Find()
            ?? throw new UsageException("demo: cannot find the workflows folder; pass --workflows DIR");
        var timestampUrl = args.Value("--tsa") is { } tsa
            ? Uri.TryCreate(tsa, UriKind.Absolute, out var tsaUri) && tsaUri.Scheme is "http" or "https" ? tsaUri : throw new UsageException("demo: --tsa must be an http(s) URL")
            : null;
        var publicUrl = args.Value("--public-url");
        if (publicUrl is not null && !Uri.TryCreate(publicUrl, UriKind.Absolute, out _)) throw new UsageException("demo: --public-url must be an absolute URL");
        var definitionFile = Path.Combine(workflows, WorkflowFolder.DefaultWorkflowFile);
        var answersFile = Path.Combine(workflows, AnswerBook.TypicalAnswersFile);
        if (!File.Exists(definitionFile) || !File.Exists(answersFile))
            throw new UsageException($"demo: '{workflows}' lacks {WorkflowFolder.DefaultWorkflowFile} or {AnswerBook.TypicalAnswersFile}");

        Directory.CreateDirectory(output);
        var database = Path.Combine(output, DatabaseFile);
        foreach (var file in new[] { database, database + "-wal", database + "-shm" }) File.Delete(file);
        var storage = SqliteStorage.File(database);
        try
        {
            return await RunDemoAsync(console.Out, storage, database, output, definitionFile, answersFile, documents ?? new SignedConsentPdfWriter(Path.Combine(workflows, "consent-templates"), timestampUrl, publicUrl), cancellationToken);
        }
        finally
        {
            storage.ReleaseConnections();
        }
    }

    private static async Task<int> RunDemoAsync(TextWriter write, StorageProvider storage, string database, string output,
        string definitionFile, string answersFile, IConsentDocumentWriter documents, CancellationToken cancellationToken)
    {
        var scenarioCase = new ScenarioCase(NextWeekMorning("America/Chicago"));
        var clock = new ScenarioClock(scenarioCase.ScheduledStart.AddDays(-8));
        var engine = await ConsentFlowEngine.OpenAsync(storage, clock, cancellationToken);
        var published = await engine.Catalog.PublishAsync(await File.ReadAllTextAsync(definitionFile, cancellationToken), definitionFile,
            new Actor("demo-admin", "administrator"), cancellationToken);
        var answers = await AnswerBook.LoadAsync(answersFile, cancellationToken);
        var patient = await CaseDriver.StartAsync(engine, clock, answers, CaseDriver.Request(published.DefinitionId, scenarioCase),
            CaseDriver.ActorFor("scheduler"), cancellationToken);

        await write.WriteLineAsync($"Database: {database}");
        await write.WriteLineAsync($"Synthetic patient SYN-000001: {scenarioCase.Procedure} at {scenarioCase.Level} {scenarioCase.Side}, "
            + $"scheduled {patient.Format(scenarioCase.ScheduledStart)} (workflow {published.DefinitionId} v{published.Version}).");
        await PrintAsync(write, patient, "scheduler creates the case", cancellationToken);

        var documentsWritten = false;
        foreach (var (at, role, stepId) in Script)
        {
            if (at is not null) await patient.MoveClockAsync(ScenarioTimes.Resolve(at, patient.ScheduledStart, clock.Now), cancellationToken);
            var task = (await patient.OpenTasksAsync(cancellationToken)).FirstOrDefault(t => t.StepId == stepId);
            await patient.SubmitAsync(stepId, CaseDriver.ActorFor(role), overrides: null, signer: null, cancellationToken);
            await PrintAsync(write, patient, $"{role} completes {(task is null ? stepId : CaseDriver.Label(task))}", cancellationToken);

            if (!documentsWritten && await patient.ActiveConsentIdsAsync(cancellationToken) is [var consentId, ..])
            {
                documentsWritten = true;
                await write.WriteLineAsync("    consent is active (every signer has signed)");
                foreach (var file in await documents.WriteAsync(patient, consentId, output, cancellationToken))
                    await write.WriteLineAsync($"    wrote {file}");
            }
        }

        var readiness = await patient.ReadinessAsync(cancellationToken);
        await write.WriteLineAsync($"Readiness: {readiness.State.ToString().ToLowerInvariant()} ({readiness.InstanceStatus})");
        foreach (var blocker in readiness.Blockers) await write.WriteLineAsync($"  - {blocker.Severity}: {blocker.Message}");

        await using (var db = await engine.Contexts.CreateDbContextAsync(cancellationToken))
        {
            var journal = await JournalVerifier.VerifyAsync(db, cancellationToken);
            await write.WriteLineAsync($"Journal: {(journal.Intact ? "intact" : "BROKEN")}, {journal.EntriesChecked} entries.");
        }
        return readiness.State == ReadinessState.Done ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private static async Task PrintAsync(TextWriter write, CaseDriver patient, string what, CancellationToken cancellationToken)
    {
        var changes = await patient.TaskChangesAsync(cancellationToken);
        await write.WriteLineAsync($"[{patient.Format(patient.Clock.Now)}] {what}");
        foreach (var task in changes.Opened)
            await write.WriteLineAsync($"    opens {CaseDriver.Label(task)} for {string.Join(" or ", task.Roles)}");
    }

    /// <summary>08:00 clinic time eight days from today, so the demo's dates look like a real booking.</summary>
    private static DateTimeOffset NextWeekMorning(string timeZoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).Date;
        var local = today.AddDays(8).AddHours(8);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
