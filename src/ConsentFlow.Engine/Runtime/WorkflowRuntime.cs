using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Publishing;
using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Runtime;

/// <summary>
/// The engine's front door. Every change runs as one unit of work: load, apply, save in one transaction. Submissions
/// advance the workflow synchronously; there is no polling loop between a submission and the next task.
/// </summary>
public sealed class WorkflowRuntime(
    IDbContextFactory<ConsentFlowDbContext> contexts,
    DefinitionCatalog catalog,
    TimeProvider clock,
    WriteGate gate)
{
    private const int MaxAttempts = 4;

    /// <param name="idempotencyKey">A retry with the same key and request returns the first case instead of booking the patient twice.</param>
    public async Task<StartResult> StartAsync(StartCaseRequest request, Actor actor, CancellationToken cancellationToken, string? idempotencyKey = null)
    {
        CaseValidator.Validate(request, clock.GetUtcNow());
        using var measure = UnitOfWorkMeasure.Begin("start");
        var claim = IdempotencyClaim.For(idempotencyKey, "case.start", actor.Id, request);
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await gate.CreateUnitContextAsync(contexts, cancellationToken);
            if (claim is not null && await claim.PreviousAsync<StartResult>(db) is { } first)
            {
                measure.Succeeded();
                return first;
            }
            var (definition, version) = await catalog.GetLatestAsync(db, request.DefinitionId, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            var session = await CaseBooking.OpenAsync(db, clock, definition, version, request, actor, cancellationToken);
            var result = new StartResult(session.Instance.Id, session.Case.Id, session.Case.PatientId, version, OpenTaskViews(session, request.Language));
            claim?.Record(db, result, now);
            await session.PrepareSaveAsync(cancellationToken);
            StartResult? earlier = null;
            try
            {
                await gate.SaveAsync(db, async ct =>
                {
                    // Retries racing in this process meet here one at a time: the later ones find the first case without a failed insert.
                    if (claim is not null)
                    {
                        await using var check = await contexts.CreateDbContextAsync(ct);
                        if ((earlier = await claim.PreviousAsync<StartResult>(check)) is not null) return;
                    }
                    await session.WritePreparedAsync(ct);
                }, cancellationToken);
                if (earlier is not null)
                {
                    measure.Succeeded();
                    return earlier;
                }
            }
            catch (DbUpdateException)
            {
                if (claim is not null)
                {
                    // The same key committed first (another process, or a retry racing this one): answer with its case.
                    await using var again = await contexts.CreateDbContextAsync(cancellationToken);
                    if (await claim.PreviousAsync<StartResult>(again) is { } winner)
                    {
                        measure.Succeeded();
                        return winner;
                    }
                }
                // Another booking registered this new patient at the same moment: book again, now linking to that patient.
                measure.Conflict(willRetry: attempt < 2);
                if (attempt < 2) continue;
                throw new ConflictException("The case could not be saved; try again.");
            }
            EngineTelemetry.WorkflowsStarted.Add(1, new KeyValuePair<string, object?>("definition", definition.Id));
            measure.Succeeded();
            KeepCommitted(session);
            return result;
        }
    }

    public async Task<SubmitResult> SubmitAsync(TaskSubmission submission, CancellationToken cancellationToken)
    {
        var claim = submission.IdempotencyKey is { } key ? new IdempotencyClaim(key, RequestHash(submission)) : null;
        using var measure = UnitOfWorkMeasure.Begin("submit");
        for (var attempt = 1; ; attempt++)
        {
            // Reads happen outside the write gate (WAL readers never block); the instance's version column catches
            // any commit that lands between this read and our save, and the loop then reads again.
            await using var db = await gate.CreateUnitContextAsync(contexts, cancellationToken);
            if (claim is not null && await claim.PreviousAsync<SubmitResult>(db, submission.TaskId) is { } previous)
            {
                measure.Succeeded();
                return previous;
            }

            var session = await InstanceSession.LoadForTaskAsync(db, clock, catalog.GetAsync, submission.TaskId, submission.Actor, gate.Kept, cancellationToken)
                ?? throw new NotFoundException($"Task {submission.TaskId}");
            var open = session.OpenTasks.FirstOrDefault(t => t.Id == submission.TaskId)
                ?? throw await AlreadyDoneAsync(db, submission.TaskId, cancellationToken);
            if (submission.ExpectedVersion is { } expected && expected != open.Version)
                throw new StaleVersionException($"Task {open.Id} changed since it was opened (version {open.Version}, expected {expected}); reload it.");
            if (!TaskViews.RolesOf(open).Contains(submission.ForRole ?? submission.Actor.Role))
                throw new ForbiddenException($"Task {open.Id} is for {string.Join(" or ", TaskViews.RolesOf(open))}, not {submission.ForRole ?? submission.Actor.Role}.");

            session.Complete(open, submission.Data, submission.Shown);
            var result = new SubmitResult(session.Instance.Id, open.Id, session.Instance.Status.ToString(), OpenTaskViews(session, session.Case.Language),
                session.ActivatedConsentId);
            claim?.Record(db, result, session.Now, open.Id);
            await session.PrepareSaveAsync(cancellationToken);
            try
            {
                await gate.SaveAsync(db, session.WritePreparedAsync, cancellationToken);
                measure.Succeeded();
                KeepCommitted(session);
                return result;
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                // Another request changed this instance first (or used the same idempotency key): look again from the start.
                measure.Conflict(willRetry: true);
            }
            catch (DbUpdateException)
            {
                measure.Conflict(willRetry: false);
                throw new ConflictException($"Task {open.Id} could not be saved because the case kept changing; try again.");
            }
        }
    }

    public async Task<IReadOnlyList<TaskView>> ListTasksAsync(TaskQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tasks = db.Tasks.AsNoTracking().Where(t => t.Status == WorkTaskStatus.Open);
        if (query.Role is { } role) tasks = tasks.Where(t => t.Roles.Contains("," + role + ","));
        if (query.InstanceId is { } instanceId) tasks = tasks.Where(t => t.InstanceId == instanceId);
        var rows = await (from task in tasks
                          join instance in db.Instances on task.InstanceId equals instance.Id
                          where query.CaseId == null || instance.CaseId == query.CaseId
                          orderby task.DueAtUtc ?? DateTime.MaxValue, task.CreatedAtUtc
                          select new { task, instance.CaseId, instance.DefinitionId, instance.DefinitionVersion })
            .Take(Math.Clamp(query.Limit, 1, 1000)).ToListAsync(cancellationToken);
        var views = new List<TaskView>(rows.Count);
        foreach (var row in rows)
        {
            var definition = await catalog.GetAsync(row.DefinitionId, row.DefinitionVersion, cancellationToken);
            views.Add(TaskViews.From(row.task, row.CaseId, definition, query.Language));
        }
        return views;
    }

    /// <summary>The task and the form to show for it, so a screen can render fields, choices and help text.</summary>
    public async Task<(TaskView Task, FormDefinition? Form)> GetTaskAsync(Guid taskId, string language, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await (from task in db.Tasks.AsNoTracking()
                         join instance in db.Instances on task.InstanceId equals instance.Id
                         where task.Id == taskId
                         select new { task, instance.CaseId, instance.DefinitionId, instance.DefinitionVersion })
            .FirstOrDefaultAsync(cancellationToken) ?? throw new NotFoundException($"Task {taskId}");
        var definition = await catalog.GetAsync(row.DefinitionId, row.DefinitionVersion, cancellationToken);
        return (TaskViews.From(row.task, row.CaseId, definition, language), row.task.FormId is { } form ? definition.FindForm(form) : null);
    }

    /// <summary>The facts of the instance's most recently signed consent, for its document; null while none is signed.</summary>
    public async Task<ConsentSnapshot?> GetSignedConsentAsync(Guid instanceId, string? language, CancellationToken cancellationToken)
    {
        var facts = await GetConsentFactsAsync(instanceId, language, cancellationToken);
        return facts.ConsentId == Guid.Empty || facts.Signatures.Count == 0 ? null : facts;
    }

    /// <summary>
    /// What consent text and documents are rendered from: the active consent, with the plan the patient consented to;
    /// or, while none is active, the case and answers as they stand (the text the patient reads before signing).
    /// An expired, revoked or superseded consent never comes back here, so no document can pair old signatures with a new plan.
    /// </summary>
    public async Task<ConsentSnapshot> GetConsentFactsAsync(Guid instanceId, string? language, CancellationToken cancellationToken)
    {
        await using var db = await gate.CreateUnitContextAsync(contexts, cancellationToken);
        var session = await InstanceSession.LoadAsync(db, clock, catalog.GetAsync, instanceId, Actor.System, cancellationToken);
        var consent = session.LiveConsents.Where(c => c.Status == ConsentStatus.Active).OrderByDescending(c => c.SignedAtUtc).FirstOrDefault();
        return ConsentSnapshots.From(session, consent, language ?? session.Case.Language);
    }

    /// <summary>Where the patient's consent stands; signed exactly when <see cref="WithdrawSignedConsentAsync"/> would be accepted.</summary>
    public async Task<PatientConsentStanding> GetPatientConsentStandingAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await using var db = await gate.CreateUnitContextAsync(contexts, cancellationToken);
        var session = await InstanceSession.LoadAsync(db, clock, catalog.GetAsync, instanceId, Actor.System, cancellationToken);
        var newest = await db.Consents.AsNoTracking().Where(c => c.InstanceId == instanceId).OrderByDescending(c => c.CreatedAtUtc)
            .Select(c => (ConsentStatus?)c.Status).FirstOrDefaultAsync(cancellationToken);
        return session.PatientStanding(newest);
    }

    public async Task<Readiness> GetReadinessAsync(Guid instanceId, string language, CancellationToken cancellationToken)
    {
        await using var db = await gate.CreateUnitContextAsync(contexts, cancellationToken);
        var session = await InstanceSession.LoadAsync(db, clock, catalog.GetAsync, instanceId, Actor.System, cancellationToken);
        return ReadinessCalculator.Calculate(session, language);
    }

    /// <param name="expectedVersion">The instance version the caller last saw (If-Match); a newer one refuses the change as stale.</param>
    public Task<Readiness> ChangeCaseAsync(Guid instanceId, CaseChange change, Actor actor, CancellationToken cancellationToken, int? expectedVersion = null)
    {
        CaseValidator.Validate(change, clock.GetUtcNow());
        return ChangeAsync(instanceId, actor, session =>
        {
            if (expectedVersion is { } expected && expected != session.Instance.Version)
                throw new StaleVersionException($"Workflow instance {instanceId} changed since it was read (version {session.Instance.Version}, expected {expected}); reload it.");
            session.ChangeCase(change);
        }, cancellationToken);
    }

    /// <summary>The instance's version: the case's ETag, changed by every unit of work on it.</summary>
    public async Task<int> GetVersionAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Instances.AsNoTracking().Where(i => i.Id == instanceId).Select(i => (int?)i.Version).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"Workflow instance {instanceId}");
    }

    /// <summary>
    /// The patient (or representative) takes consent back: the consent becomes inactive and the workflow ends as withdrawn.
    /// The patient owes no reason (the consent text says so); <paramref name="staffNote"/> is an optional note by staff.
    /// </summary>
    public Task<Readiness> WithdrawConsentAsync(Guid instanceId, Actor actor, string? staffNote, CancellationToken cancellationToken) =>
        WithdrawAsync(instanceId, actor, CaseValidator.Note("note", staffNote), onlyOnceSigned: false, cancellationToken);

    /// <summary>
    /// The patient's own withdrawal on the tablet: refused (<see cref="ConflictException"/>) unless they have signed a
    /// consent that is still live, checked in the same unit of work; before signing, the patient declines instead.
    /// </summary>
    public Task<Readiness> WithdrawSignedConsentAsync(Guid instanceId, Actor actor, CancellationToken cancellationToken) =>
        WithdrawAsync(instanceId, actor, note: null, onlyOnceSigned: true, cancellationToken);

    private Task<Readiness> WithdrawAsync(Guid instanceId, Actor actor, string? note, bool onlyOnceSigned, CancellationToken cancellationToken) =>
        ChangeAsync(instanceId, actor, session =>
        {
            if (onlyOnceSigned && !session.HasSignedConsent())
                throw new ConflictException("There is no signed consent to withdraw on this case: before signing, the patient declines instead.");
            session.Close(InstanceStatus.Withdrawn, note is null ? "consent withdrawn" : "consent withdrawn; staff note: " + note);
        }, cancellationToken);

    /// <summary>The patient (or representative) declines before signing: the consent is rejected and the workflow ends as withdrawn.</summary>
    public Task<Readiness> DeclineConsentAsync(Guid instanceId, Actor actor, CancellationToken cancellationToken) =>
        ChangeAsync(instanceId, actor, session => session.Decline(), cancellationToken);

    /// <summary>
    /// Staff report something that ends the consent (domain §1: change in condition, new imaging, a revised template, an
    /// error, doubtful capacity): every live consent whose step lists <paramref name="concern"/> becomes inactive with it as
    /// the reason, and re-consent starts. Refused once the procedure date has passed: a performed procedure is untouched.
    /// </summary>
    public Task<Readiness> ReportConsentConcernAsync(Guid instanceId, string concern, Actor actor, string? staffNote, CancellationToken cancellationToken)
    {
        var named = CaseValidator.RequiredText("concern", concern, 64, identifier: true);
        var note = CaseValidator.Note("note", staffNote);
        return ChangeAsync(instanceId, actor, session => session.ReportConsentConcern(named, note), cancellationToken);
    }

    /// <summary>
    /// Reports <paramref name="concern"/> (e.g. templateRevised, when a materially revised template is published) on every
    /// case whose procedure is still ahead; returns how many cases had a consent made inactive.
    /// </summary>
    public async Task<int> ReportConsentConcernForUpcomingCasesAsync(string concern, Actor actor, CancellationToken cancellationToken)
    {
        List<Guid> upcoming;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var now = clock.GetUtcNow().UtcDateTime;
            upcoming = await (from instance in db.Instances
                              join patientCase in db.Cases on instance.CaseId equals patientCase.Id
                              where (instance.Status == InstanceStatus.Running || instance.Status == InstanceStatus.Ready) && patientCase.ScheduledStartUtc > now
                              select instance.Id).ToListAsync(cancellationToken);
        }
        var affected = 0;
        foreach (var instanceId in upcoming)
        {
            var reconsented = false;
            await ChangeAsync(instanceId, actor, session => reconsented = session.ReportConsentConcern(concern, staffNote: null), cancellationToken);
            if (reconsented) affected++;
        }
        return affected;
    }

    public Task<Readiness> CancelAsync(Guid instanceId, Actor actor, string reason, CancellationToken cancellationToken)
    {
        var why = CaseValidator.RequiredText("reason", reason, CaseValidator.MaxNoteLength, identifier: false);
        return ChangeAsync(instanceId, actor, session => session.Close(InstanceStatus.Cancelled, "cancelled: " + why), cancellationToken);
    }

    /// <summary>Fires one due timer that this owner holds the lease for; the conditional update on the instance makes a second firing impossible.</summary>
    internal async Task<bool> FireTimerAsync(Guid timerId, string leaseOwner, CancellationToken cancellationToken)
    {
        await using var db = await gate.CreateUnitContextAsync(contexts, cancellationToken);
        var timer = await db.Timers.AsNoTracking().FirstOrDefaultAsync(t => t.Id == timerId, cancellationToken);
        if (timer is null || timer.Status != TimerStatus.Pending || timer.LeaseOwner != leaseOwner) return false;
        var session = await InstanceSession.LoadAsync(db, clock, catalog.GetAsync, timer.InstanceId, Actor.System, cancellationToken, gate.Kept);
        // The timer may have been cancelled or fired between the two reads (a task was completed, another process won).
        if (session.PendingTimers.FirstOrDefault(t => t.Id == timerId) is not { } live) return false;
        using var measure = UnitOfWorkMeasure.Begin("timer");
        TimerFiring.Fire(session, live);
        await session.PrepareSaveAsync(cancellationToken);
        try
        {
            await gate.SaveAsync(db, session.WritePreparedAsync, cancellationToken);
            measure.Succeeded();
            EngineTelemetry.TimersFired.Add(1, new KeyValuePair<string, object?>("purpose", live.Purpose.ToString()));
            KeepCommitted(session);
            return true;
        }
        catch (DbUpdateException)
        {
            measure.Conflict(willRetry: false);
            return false; // the instance changed meanwhile or the database was busy; the timer stays pending and is tried again
        }
    }

    private async Task<Readiness> ChangeAsync(Guid instanceId, Actor actor, Action<InstanceSession> change, CancellationToken cancellationToken)
    {
        using var measure = UnitOfWorkMeasure.Begin("change");
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await gate.CreateUnitContextAsync(contexts, cancellationToken);
            var session = await InstanceSession.LoadAsync(db, clock, catalog.GetAsync, instanceId, actor, cancellationToken, gate.Kept);
            if (session.Instance.Status is InstanceStatus.Cancelled or InstanceStatus.Withdrawn or InstanceStatus.Completed)
                throw new RejectedException($"Workflow instance {instanceId} has ended ({session.Instance.Status}).");
            change(session);
            await session.PrepareSaveAsync(cancellationToken);
            try
            {
                await gate.SaveAsync(db, session.WritePreparedAsync, cancellationToken);
                measure.Succeeded();
                var readiness = ReadinessCalculator.Calculate(session, session.Case.Language) with { Version = session.Instance.Version };
                KeepCommitted(session);
                return readiness;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                measure.Conflict(willRetry: true);
            }
        }
    }

    /// <summary>Hands the committed unit's live rows to the next unit on its instance; the session must not be read after this.</summary>
    private void KeepCommitted(InstanceSession session)
    {
        if (gate.Kept is { } kept && session.CommittedLiveRows() is { } rows) kept.Keep(rows);
    }

    private static string RequestHash(TaskSubmission submission) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{submission.TaskId}|{submission.Actor.Id}|{submission.Data.ToJsonString()}")));

    private static async Task<WorkflowException> AlreadyDoneAsync(ConsentFlowDbContext db, Guid taskId, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.AsNoTracking().FirstAsync(t => t.Id == taskId, cancellationToken);
        return AlreadyDone(task);
    }

    private static WorkflowException AlreadyDone(WorkTask task) => task.Status switch
    {
        WorkTaskStatus.Completed => new ConflictException($"Task {task.Id} was already completed by another submission at {task.CompletedAtUtc:O}."),
        _ => new RejectedException($"Task {task.Id} is no longer open ({task.Status}); the workflow moved on."),
    };

    private static IReadOnlyList<TaskView> OpenTaskViews(InstanceSession session, string language) =>
        session.OpenTasks.Where(t => t.Status == WorkTaskStatus.Open)
            .Select(t => TaskViews.From(t, session.Case.Id, session.Definition, language)).ToList();
}
