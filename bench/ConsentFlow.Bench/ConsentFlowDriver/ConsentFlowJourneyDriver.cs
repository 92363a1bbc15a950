using ConsentFlow.Storage.Sqlite;
using ConsentFlow.Bench.Harness;
using ConsentFlow.Engine;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Scenarios;
using ConsentFlow.Engine.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Bench.ConsentFlowDriver;

/// <summary>
/// ConsentFlow on a SQLite file, running the real default workflow (workflows/peld-consent.workflow.json) with the
/// typical answers. Every submission is durable (committed in WAL mode) before it returns the next open tasks.
/// </summary>
public sealed class ConsentFlowJourneyDriver : IJourneyDriver, IHeldJourneys
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "consentflow-bench", Guid.NewGuid().ToString("N"));
    private ConsentFlowEngine? _engine;
    private SqliteStorage? _storage;
    private AnswerBook? _answers;
    // The consent path has more human steps than the peer's journey (discussion, teach-back, patient and witness
    // signatures before the surgeon's attestation). They run bounded, like the harness's staff.
    private readonly SemaphoreSlim _consentStaff;

    public ConsentFlowJourneyDriver(int concurrency, JourneyWorkflow workflow)
    {
        _consentStaff = new SemaphoreSlim(concurrency);
        Workflow = workflow;
    }

    internal JourneyWorkflow Workflow { get; }

    public string Name => $"ConsentFlow ({Workflow.Label})";
    public WorkloadShape Shape => Workflow.Shape;
    public string Persistence => "SQLite file (WAL, synchronous=NORMAL)";
    public IReadOnlyList<string> Settings =>
    [
        $"database {Path.Combine(_folder, "bench.db")}",
        GroupCommitLine(_engine?.Gate.GroupCommitStats ?? default),
        Workflow.HasConsentPath
            ? "consent path: 4 extra submissions per journey (discussion, teach-back, patient, witness) before the measured surgeon attestation"
            : "the peer's journey: the same four human steps, a one-answer form each, nothing else",
    ];

    internal WorkflowRuntime Runtime => _engine!.Runtime;

    private static string GroupCommitLine(GroupCommitStats stats) => stats.Batches == 0 ? "group commit: nothing committed yet" :
        $"group commit (a savepoint per unit, acknowledged after the shared commit): {stats.Units} units in {stats.Batches} transactions ({(double)stats.Units / stats.Batches:F1} per commit, largest {stats.LargestBatch}), " +
        $"{(double)stats.Statements / stats.Units:F1} statements per unit, write lock held {stats.WriteLockHeld.TotalSeconds:F1} s";
    internal AnswerBook Answers => _answers!;

    public async Task SetUpAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_folder);
        var workflows = WorkflowsFolder.FindAbove(AppContext.BaseDirectory, Directory.GetCurrentDirectory())
            ?? throw new DirectoryNotFoundException("workflows/ not found above the benchmark's folder; run it from the repository.");
        _storage = SqliteStorage.File(Path.Combine(_folder, "bench.db"));
        _engine = await ConsentFlowEngine.OpenAsync(_storage, TimeProvider.System, cancellationToken);
        var definition = Path.GetFullPath(Path.Combine(workflows, "..", Workflow.File));
        await _engine.Catalog.PublishAsync(await File.ReadAllTextAsync(definition, cancellationToken), definition, new Actor("bench", "administrator"), cancellationToken);
        _answers = await AnswerBook.LoadAsync(Path.Combine(workflows, AnswerBook.TypicalAnswersFile), cancellationToken);
    }

    public async Task<IJourney> StartJourneyAsync(int patientNumber, CancellationToken cancellationToken)
    {
        // Booked for later today: day-of verification is only accepted within its window before the start.
        var start = DateTimeOffset.UtcNow.AddHours(6);
        var started = await Runtime.StartAsync(Request(patientNumber, start, Workflow.DefinitionId), new Actor("bench-scheduler", "nurse"), cancellationToken);
        return new ConsentFlowJourney(this, started, start);
    }

    private static StartCaseRequest Request(int patientNumber, DateTimeOffset start, string definitionId = "peld-consent") => new(definitionId,
        new PatientIdentity($"BENCH-{patientNumber:D6}", "Synthetic", $"Patient{patientNumber}", new DateOnly(1970, 1, 1).AddDays(patientNumber % 9000), "F"),
        "Percutaneous endoscopic lumbar discectomy", "62380", "L4-L5", "left", "transforaminal", "Dr. Bench", "moderate", start);

    /// <summary>Cases booked per transaction by the memory run.</summary>
    public const int HeldJourneysPerTransaction = 1000;

    /// <summary>
    /// The memory run's 100,000 waiting cases: booked through the engine's own booking unit (patient, case, instance,
    /// tokens, tasks, timers, journal, board row), a thousand per transaction by the bulk writer instead of one
    /// transaction each, then counted in the file: a case is held when imaging review, sedation screening and the
    /// consent branch's first task (the surgeon's discussion) are open.
    /// </summary>
    public async Task<int> StartHeldJourneysAsync(int count, Action<int> progress, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var start = now.AddHours(6);
        var writer = new BulkCaseWriter(_engine!, Answers, HeldJourneysPerTransaction);
        await writer.WriteAsync(Enumerable.Range(0, count).Select(n => new PlannedCase(Request(n, start), now, [])), now, progress, cancellationToken);
        await using var db = await _engine!.Contexts.CreateDbContextAsync(cancellationToken);
        string[] branches = ["imaging-review", "sedation-screening", "consent-discussion"];
        return await db.Tasks.Where(t => t.Status == WorkTaskStatus.Open && branches.Contains(t.StepId))
            .GroupBy(t => t.InstanceId).Where(g => g.Count() == branches.Length).CountAsync(cancellationToken);
    }

    private Pacer? _pacer;

    public void PaceOwnSubmissions(Pacer pacer) => _pacer = pacer;

    /// <summary>A turn for one of the consent path's own submissions: a paced one in the latency pass.</summary>
    internal Task TakeTurnAsync(CancellationToken cancellationToken) => _pacer?.WaitTurnAsync(cancellationToken) ?? Task.CompletedTask;

    internal async Task<T> AsConsentStaffAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        await _consentStaff.WaitAsync(cancellationToken);
        try { return await work(); }
        finally { _consentStaff.Release(); }
    }

    public ValueTask DisposeAsync()
    {
        _storage?.ReleaseConnections();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
