using System.Text.Json.Nodes;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Scenarios;

/// <summary>Which tasks opened and closed since the last look, for step-by-step output.</summary>
public sealed record TaskChanges(IReadOnlyList<TaskView> Opened, IReadOnlyList<string> Closed);

/// <summary>
/// Drives one synthetic case through a published workflow task by task, answering with the typical answers plus
/// overrides, on a clock the caller moves. Shared by the scenario runner, the CLI demo and the benchmarks.
/// </summary>
public sealed class CaseDriver
{
    private Dictionary<Guid, string> _seenOpen = [];

    private CaseDriver(ConsentFlowEngine engine, ScenarioClock clock, AnswerBook answers, StartResult started, StartCaseRequest request)
    {
        Engine = engine;
        Clock = clock;
        Answers = answers;
        InstanceId = started.InstanceId;
        CaseId = started.CaseId;
        ScheduledStart = request.ScheduledStart;
        Language = request.Language;
        Zone = TimeZoneInfo.TryFindSystemTimeZoneById(request.TimeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;
    }

    public ConsentFlowEngine Engine { get; }
    public ScenarioClock Clock { get; }
    public AnswerBook Answers { get; }
    public Guid InstanceId { get; }
    public Guid CaseId { get; }
    public DateTimeOffset ScheduledStart { get; private set; }
    public string Language { get; }
    public TimeZoneInfo Zone { get; }

    /// <summary>The clock in the clinic's time zone, for output a nurse would recognise.</summary>
    public DateTimeOffset LocalNow => TimeZoneInfo.ConvertTime(Clock.Now, Zone);

    /// <summary>A synthetic patient: identifiers are made up and the same for every run.</summary>
    public static StartCaseRequest Request(string definitionId, ScenarioCase scenarioCase) => new(
        definitionId,
        new PatientIdentity("SYN-000001", "Avery", "Jordan", scenarioCase.EffectiveBirthDate, scenarioCase.Sex),
        scenarioCase.Procedure, scenarioCase.Cpt, scenarioCase.Level, scenarioCase.Side, scenarioCase.Approach, scenarioCase.Surgeon,
        scenarioCase.SedationPlan, scenarioCase.ScheduledStart, scenarioCase.TimeZone, scenarioCase.Language);

    /// <summary>Actors are named after their role: scenarios say who acts, never which person.</summary>
    public static Actor ActorFor(string role) => new($"{role}-1", role);

    public static string Label(TaskView task) => task.SignerRole is null ? task.StepId : $"{task.StepId}/{task.SignerRole}";

    public static async Task<CaseDriver> StartAsync(ConsentFlowEngine engine, ScenarioClock clock, AnswerBook answers,
        StartCaseRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var started = await engine.Runtime.StartAsync(request, actor, cancellationToken);
        return new CaseDriver(engine, clock, answers, started, request);
    }

    public Task<IReadOnlyList<TaskView>> OpenTasksAsync(CancellationToken cancellationToken, string? role = null) =>
        Engine.Runtime.ListTasksAsync(new TaskQuery(Role: role, InstanceId: InstanceId, Language: Language), cancellationToken);

    public Task<Readiness> ReadinessAsync(CancellationToken cancellationToken) =>
        Engine.Runtime.GetReadinessAsync(InstanceId, Language, cancellationToken);

    /// <summary>Submits the open task of a step with the typical answers for it (and its signer), changed by <paramref name="overrides"/>.</summary>
    public async Task<SubmitResult> SubmitAsync(string stepId, Actor actor, JsonObject? overrides, string? signer, CancellationToken cancellationToken)
    {
        var open = await OpenTasksAsync(cancellationToken);
        var candidates = open.Where(t => t.StepId == stepId && t.Kind != "Override" && (signer is null || t.SignerRole == signer)).ToList();
        // Signers sign one after another, so the open signature task is normally the one meant; prefer the actor's own.
        var task = candidates.FirstOrDefault(t => t.SignerRole == actor.Role) ?? candidates.FirstOrDefault()
            ?? throw NotOpen(signer is null ? $"'{stepId}'" : $"'{stepId}/{signer}'", open,
                open.Any(t => t.StepId == stepId && t.Kind == "Override") ? " (it is a hard stop: use \"override\")" : "");
        var data = Answers.For(stepId, task.SignerRole, overrides, ScheduledStart, Clock.Now);
        return await Engine.Runtime.SubmitAsync(new TaskSubmission(task.Id, actor, data), cancellationToken);
    }

    /// <summary>Submits the override task of a hard-stop step; a null reason submits none, which the engine must refuse.</summary>
    public async Task<SubmitResult> OverrideAsync(string stepId, Actor actor, string? reason, CancellationToken cancellationToken)
    {
        var open = await OpenTasksAsync(cancellationToken);
        // When every role must override, each role has its own task: take the actor's, else any (which the engine may refuse).
        var overrides = open.Where(t => t.StepId == stepId && t.Kind == "Override").ToList();
        var task = overrides.FirstOrDefault(t => t.Roles.Contains(actor.Role)) ?? overrides.FirstOrDefault()
            ?? throw NotOpen($"override of '{stepId}'", open, "");
        var data = reason is null ? new JsonObject() : new JsonObject { ["reason"] = reason };
        return await Engine.Runtime.SubmitAsync(new TaskSubmission(task.Id, actor, data), cancellationToken);
    }

    public async Task<Readiness> ChangeCaseAsync(CaseChange change, Actor actor, CancellationToken cancellationToken)
    {
        var readiness = await Engine.Runtime.ChangeCaseAsync(InstanceId, change, actor, cancellationToken);
        if (change.ScheduledStart is { } start) ScheduledStart = start;
        return readiness;
    }

    public Task<Readiness> WithdrawAsync(Actor actor, string? staffNote, CancellationToken cancellationToken) =>
        Engine.Runtime.WithdrawConsentAsync(InstanceId, actor, staffNote, cancellationToken);

    public Task<Readiness> CancelAsync(Actor actor, string reason, CancellationToken cancellationToken) =>
        Engine.Runtime.CancelAsync(InstanceId, actor, reason, cancellationToken);

    /// <summary>Moves the clock forward and fires every timer that fell due; returns how many fired.</summary>
    public async Task<int> MoveClockAsync(DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (to < Clock.Now)
            throw new InvalidOperationException($"the clock cannot go back (from {Format(Clock.Now)} to {Format(to)})");
        Clock.Now = to;
        return await Engine.Timers.RunDueAsync(cancellationToken);
    }

    /// <summary>Status of each consent of this case, oldest first.</summary>
    public async Task<IReadOnlyList<string>> ConsentStatusesAsync(CancellationToken cancellationToken)
    {
        await using var db = await Engine.Contexts.CreateDbContextAsync(cancellationToken);
        var statuses = await db.Consents.AsNoTracking().Where(c => c.InstanceId == InstanceId)
            .OrderBy(c => c.CreatedAtUtc).Select(c => c.Status).ToListAsync(cancellationToken);
        return statuses.Select(s => s.ToString()).ToList();
    }

    /// <summary>Ids of consents that are active now (the point where a signed document can be written).</summary>
    public async Task<IReadOnlyList<Guid>> ActiveConsentIdsAsync(CancellationToken cancellationToken)
    {
        await using var db = await Engine.Contexts.CreateDbContextAsync(cancellationToken);
        return await db.Consents.AsNoTracking().Where(c => c.InstanceId == InstanceId && c.Status == ConsentStatus.Active)
            .Select(c => c.Id).ToListAsync(cancellationToken);
    }

    public async Task<TaskChanges> TaskChangesAsync(CancellationToken cancellationToken)
    {
        var open = await OpenTasksAsync(cancellationToken);
        var now = open.ToDictionary(t => t.Id, Label);
        var opened = open.Where(t => !_seenOpen.ContainsKey(t.Id)).ToList();
        var closed = _seenOpen.Where(p => !now.ContainsKey(p.Key)).Select(p => p.Value).ToList();
        _seenOpen = now;
        return new TaskChanges(opened, closed);
    }

    public string Format(DateTimeOffset moment) =>
        TimeZoneInfo.ConvertTime(moment, Zone).ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture);

    private static TaskNotOpenException NotOpen(string what, IReadOnlyList<TaskView> open, string hint) =>
        new($"no open task {what}{hint}; open: {(open.Count == 0 ? "none" : string.Join(", ", open.Select(Label).Order(StringComparer.Ordinal)))}");
}
