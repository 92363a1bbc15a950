using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Expressions;
using ConsentFlow.Engine.Journal;
using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Runtime;

/// <summary>
/// One unit of work on one workflow instance: loads the live state, applies a change, and saves everything (data,
/// tokens, tasks, timers, journal) in a single SaveChanges, i.e. one transaction. The instance's version column makes a
/// concurrent change by another request or process fail instead of being overwritten.
/// </summary>
internal sealed partial class InstanceSession
{
    private readonly ConsentFlowDbContext _db;
    private readonly JournalWriter _journal;
    private readonly List<ConsentRecord> _signedNow = [];
    private Dictionary<string, object?>? _ruleValues;
    private CaseReadinessRow? _readinessRow;

    /// <param name="data">The instance's answers already parsed (kept with its rows); null to parse its stored JSON.</param>
    private InstanceSession(ConsentFlowDbContext db, TimeProvider clock, WorkflowDefinition definition, WorkflowInstance instance,
        PatientCase patientCase, Actor actor, JsonObject? data = null)
    {
        _db = db;
        _journal = new JournalWriter(db, clock);
        Definition = definition;
        Instance = instance;
        Case = patientCase;
        Actor = actor;
        Now = clock.GetUtcNow().UtcDateTime;
        Data = data ?? JsonNode.Parse(instance.DataJson) as JsonObject ?? [];
        Zone = FindZone(patientCase.TimeZoneId);
        _statusAtLoad = instance.Status;
    }

    private readonly InstanceStatus _statusAtLoad;
    private int _stopsRaised;

    public WorkflowDefinition Definition { get; }
    public Guid? ActivatedConsentId => _signedNow.Count > 0 ? _signedNow[^1].Id : null;
    public WorkflowInstance Instance { get; }
    public PatientCase Case { get; }
    public Actor Actor { get; }
    public DateTime Now { get; }
    public TimeZoneInfo Zone { get; }
    public JsonObject Data { get; }
    public List<ExecutionToken> Tokens { get; private set; } = [];
    public List<WorkTask> OpenTasks { get; private set; } = [];
    public List<HardStop> ActiveStops { get; private set; } = [];
    public List<ScheduledTimer> PendingTimers { get; private set; } = [];
    public List<ConsentRecord> LiveConsents { get; private set; } = [];

    private string Stream => JournalStreams.ForInstance(Instance.Id);

    public static InstanceSession Create(ConsentFlowDbContext db, TimeProvider clock, WorkflowDefinition definition,
        WorkflowInstance instance, PatientCase patientCase, Actor actor)
    {
        db.Cases.Add(patientCase);
        db.Instances.Add(instance);
        var session = new InstanceSession(db, clock, definition, instance, patientCase, actor);
        session._journal.BeginStream(session.Stream);
        return session;
    }

    /// <param name="kept">Where a unit of work that will save takes the rows its process kept; null for a read-only look.</param>
    public static async Task<InstanceSession> LoadAsync(ConsentFlowDbContext db, TimeProvider clock,
        Func<string, int, CancellationToken, Task<WorkflowDefinition>> definitions, Guid instanceId, Actor actor, CancellationToken cancellationToken,
        KeptLiveState? kept = null)
    {
        if (kept is not null && await ResumeAsync(db, clock, definitions, kept, await SessionQueries.InstanceVersion(db, instanceId), actor, cancellationToken) is { } resumed)
            return resumed;
        var loaded = await SessionQueries.InstanceWithCase(db, instanceId) ?? throw new NotFoundException($"Workflow instance {instanceId}");
        return await LoadLiveStateAsync(db, clock, definitions, loaded, actor, cancellationToken);
    }

    /// <summary>The session of the instance a task belongs to, found in the same query as the instance; null for an unknown task.</summary>
    public static async Task<InstanceSession?> LoadForTaskAsync(ConsentFlowDbContext db, TimeProvider clock,
        Func<string, int, CancellationToken, Task<WorkflowDefinition>> definitions, Guid taskId, Actor actor, KeptLiveState? kept,
        CancellationToken cancellationToken)
    {
        if (kept is not null && await ResumeAsync(db, clock, definitions, kept, await SessionQueries.InstanceVersionOfTask(db, taskId), actor, cancellationToken) is { } resumed)
            return resumed;
        var loaded = await SessionQueries.InstanceWithCaseOfTask(db, taskId);
        return loaded is null ? null : await LoadLiveStateAsync(db, clock, definitions, loaded, actor, cancellationToken);
    }

    private static async Task<InstanceSession> LoadLiveStateAsync(ConsentFlowDbContext db, TimeProvider clock,
        Func<string, int, CancellationToken, Task<WorkflowDefinition>> definitions, InstanceWithCase loaded, Actor actor,
        CancellationToken cancellationToken)
    {
        var instanceId = loaded.Instance.Id;
        var definition = await definitions(loaded.Instance.DefinitionId, loaded.Instance.DefinitionVersion, cancellationToken);
        var session = new InstanceSession(db, clock, definition, loaded.Instance, loaded.Case, actor)
        {
            Tokens = await SessionQueries.ToListAsync(SessionQueries.LiveTokens(db, instanceId), cancellationToken),
            OpenTasks = await SessionQueries.ToListAsync(SessionQueries.OpenTasks(db, instanceId), cancellationToken),
            ActiveStops = await SessionQueries.ToListAsync(SessionQueries.ActiveStops(db, instanceId), cancellationToken),
            PendingTimers = await SessionQueries.ToListAsync(SessionQueries.PendingTimers(db, instanceId), cancellationToken),
            LiveConsents = await SessionQueries.ToListAsync(SessionQueries.LiveConsents(db, instanceId), cancellationToken),
        };
        // Tracked, so the save compares the new row with the stored one: an UPDATE of every column would rewrite each of
        // the board's indexes, all of which lead with columns that rarely change.
        await SessionQueries.ReadinessRow(db, instanceId);
        return session;
    }

    /// <summary>
    /// A session on the rows this process committed last, tracked as unchanged as if they had just been read; null
    /// (read everything) when none are kept at <paramref name="stored"/>'s version or the instance is unknown.
    /// </summary>
    private static async Task<InstanceSession?> ResumeAsync(ConsentFlowDbContext db, TimeProvider clock,
        Func<string, int, CancellationToken, Task<WorkflowDefinition>> definitions, KeptLiveState kept, InstanceVersion? stored, Actor actor,
        CancellationToken cancellationToken)
    {
        if (stored is not { } version || kept.Take(version.InstanceId, version.Version) is not { } rows) return null;
        var definition = await definitions(rows.Instance.DefinitionId, rows.Instance.DefinitionVersion, cancellationToken);
        var session = new InstanceSession(db, clock, definition, rows.Instance, rows.Case, actor, rows.Data)
        {
            Tokens = rows.Tokens, OpenTasks = rows.OpenTasks, ActiveStops = rows.ActiveStops, PendingTimers = rows.PendingTimers,
            LiveConsents = rows.LiveConsents,
        };
        // Entry(…).State rather than Attach: these rows have no navigations, so Attach's walk of the graph is pure cost.
        Track(db, rows.Case);
        Track(db, rows.Instance);
        foreach (var token in rows.Tokens) Track(db, token);
        foreach (var task in rows.OpenTasks) Track(db, task);
        foreach (var stop in rows.ActiveStops) Track(db, stop);
        foreach (var timer in rows.PendingTimers) Track(db, timer);
        foreach (var consent in rows.LiveConsents) Track(db, consent);
        Track(db, rows.Readiness);
        session._journal.Resume(rows.JournalHead);
        return session;
    }

    private static void Track<T>(ConsentFlowDbContext db, T row) where T : class => db.Entry(row).State = EntityState.Unchanged;

    /// <summary>
    /// The live rows as this unit committed them (by the same <see cref="Live"/> predicates the queries read with), for
    /// the next unit on the instance; call only once the save is durable and nothing reads the session any more. Null when this unit did not write the board's row.
    /// </summary>
    public LiveRows? CommittedLiveRows() =>
        _readinessRow is null || _journal.Head(Stream) is not { } head ? null : new LiveRows(Instance, Case, Data,
            Tokens.Where(Live.IsToken).ToList(), OpenTasks.Where(Live.IsOpenTask).ToList(), ActiveStops.Where(Live.IsStop).ToList(),
            PendingTimers.Where(Live.IsTimer).ToList(), LiveConsents.Where(Live.IsConsent).ToList(),
            _readinessRow, head);

    public void Record(string action, string? stepId, object details) =>
        _journal.Record(Stream, Instance.Id, stepId, Actor, action, details, Instance.DefinitionId, Instance.DefinitionVersion);

    /// <remarks>Entry(…).State rather than Add: the engine's rows have no navigations, so Add's walk of the graph is pure cost.</remarks>
    public void Add<T>(T entity) where T : class => _db.Entry(entity).State = EntityState.Added;

    /// <summary>
    /// Everything of a save but the write, done before the write lock is taken: the board's row, the data and version,
    /// the journal chained onto its stream's head, then the one scan for changes. The chain needs no lock: the stream's
    /// count is a concurrency token, so a unit that chained onto a head another unit moved meanwhile fails its write
    /// and runs again, like a unit whose instance changed.
    /// </summary>
    public async Task PrepareSaveAsync(CancellationToken cancellationToken)
    {
        await StageAsync(cancellationToken);
        _db.ChangeTracker.DetectChanges();
        _db.ChangeTracker.AutoDetectChangesEnabled = false;
    }

    /// <summary>The part under the write lock: the prepared rows, written.</summary>
    public async Task WritePreparedAsync(CancellationToken cancellationToken)
    {
        // The context is discarded after its unit of work: nothing reads the entries' states after the save.
        try { await _db.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken); }
        finally { _db.ChangeTracker.AutoDetectChangesEnabled = true; } // pooled contexts reset it too; this does not rely on it
        if (Instance.Status == InstanceStatus.Ready && _statusAtLoad != InstanceStatus.Ready) EngineTelemetry.WorkflowsReady.Add(1);
        if (_stopsRaised > 0) EngineTelemetry.WorkflowsBlocked.Add(_stopsRaised);
        if (_signedNow.Count > 0) EngineTelemetry.FollowUpsRecorded.Add(_signedNow.Count);
    }

    /// <summary>Everything a save writes (data, version, journal chain, the board's row), left in the context for one SaveChanges.</summary>
    /// <param name="project">False only where a later unit in the same save writes the board's row (the bulk writer).</param>
    internal async Task StageAsync(CancellationToken cancellationToken, bool project = true)
    {
        if (project) _readinessRow = ReadinessProjection.Write(this, _db);
        Instance.DataJson = Data.ToJsonString();
        Instance.UpdatedAtUtc = Now;
        Instance.Version++;
        var head = await _journal.ChainAsync(cancellationToken);
        foreach (var consent in _signedNow)
        {
            consent.JournalHashAtSigning = head;
            // Its document follows the commit; the outbox row commits with the signature, so a crash in between is repaired.
            _db.FollowUps.Add(new FollowUpItem
            {
                Id = Ids.New(), Kind = FollowUps.FollowUpKinds.ConsentDocument, InstanceId = Instance.Id, SubjectId = consent.Id,
                Status = FollowUpStatus.Pending, CreatedAtUtc = Now, NextAttemptAtUtc = Now + FollowUps.FollowUpQueue.InlineGrace,
            });
        }
    }

    /// <summary>What rules see: the case's clinical facts and every answer given so far.</summary>
    public RuleContext RuleContext(IReadOnlyDictionary<string, object?>? overrides = null)
    {
        // Built once per unit of work and rebuilt only after answers or case facts change: a submission runs many rules.
        _ruleValues ??= CurrentValues();
        if (overrides is null) return new RuleContext(_ruleValues, Definition.Tables, Now, Zone);
        var values = new Dictionary<string, object?>(_ruleValues);
        foreach (var (key, value) in overrides) values[key] = value;
        return new RuleContext(values, Definition.Tables, Now, Zone);
    }

    /// <summary>Answers or case facts changed: rules must see the new values.</summary>
    public void AnswersChanged() => _ruleValues = null;

    /// <summary>One form's answers changed: only its values are read again, not every form's.</summary>
    public void AnswersChanged(string formId)
    {
        if (_ruleValues is null || Definition.FindForm(formId) is not { } form)
        {
            _ruleValues = null;
            return;
        }
        // A copy: a rule context handed out earlier keeps the values it was made with.
        var values = new Dictionary<string, object?>(_ruleValues);
        foreach (var field in form.Fields) values.Remove($"{form.Id}.{field.Id}");
        foreach (var name in FormDefinition.SubmissionFields) values.Remove($"{form.Id}.{name}");
        AddAnswers(values, form);
        _ruleValues = values;
    }

    private Dictionary<string, object?> CurrentValues()
    {
        var values = new Dictionary<string, object?>
        {
            ["case." + CaseFields.Procedure] = Case.Procedure,
            ["case." + CaseFields.Cpt] = Case.Cpt,
            ["case." + CaseFields.Level] = Case.Level,
            ["case." + CaseFields.Side] = Case.Side,
            ["case." + CaseFields.Approach] = Case.Approach,
            ["case." + CaseFields.Surgeon] = Case.Surgeon,
            ["case." + CaseFields.SedationPlan] = Case.SedationPlan,
            ["case." + CaseFields.ScheduledStart] = Case.ScheduledStartUtc,
            ["case." + CaseFields.BirthDate] = Case.BirthDate.ToDateTime(TimeOnly.MinValue),
            ["case." + CaseFields.Sex] = Case.Sex,
            ["case." + CaseFields.PreferredLanguage] = Case.Language,
        };
        foreach (var form in Definition.Forms) AddAnswers(values, form);
        return values;
    }

    private void AddAnswers(Dictionary<string, object?> values, FormDefinition form)
    {
        if (Data[form.Id] is not JsonObject answers) return;
        foreach (var field in form.Fields)
            values[$"{form.Id}.{field.Id}"] = Forms.FieldValues.Read(field, answers[field.Id]).Value;
        foreach (var (name, value) in SubmissionValues(form.Id)) values[name] = value;
    }

    /// <summary>A sentence in every language, coded answers shown as their label in that language ("Derecho", not "right").</summary>
    public string Localized(LocalizedText text, RuleContext context) =>
        JsonSerializer.Serialize(text.ToDictionary(t => t.Key, t => MessageTemplate.Fill(t.Value, context, (name, value) => ChoiceLabel(name, value, t.Key))));

    private string? ChoiceLabel(string name, object? value, string language)
    {
        // Codes are English words already, and English sentences were written around them.
        if (language == "en" || value is not string code || name.Split('.') is not [var source, var fieldId]) return null;
        if (source == "case") return CaseFields.ChoiceLabels.TryGetValue(code, out var caseLabel) && fieldId == CaseFields.Side ? caseLabel.In(language) : null;
        return Definition.FindForm(source)?.FindField(fieldId)?.Choices.FirstOrDefault(c => c.Value == code)?.Label.In(language);
    }

    public static string InLanguage(string? json, string language)
    {
        if (string.IsNullOrEmpty(json)) return "";
        var texts = JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
        return texts.TryGetValue(language, out var text) ? text : texts.GetValueOrDefault("en", "");
    }

    private static TimeZoneInfo FindZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
