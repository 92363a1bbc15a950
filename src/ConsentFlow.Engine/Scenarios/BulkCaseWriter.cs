using System.Text.Json.Nodes;
using ConsentFlow.Engine.Forms;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Engine.Timers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ConsentFlow.Engine.Scenarios;

/// <summary>
/// One step of a planned case's history. <see cref="At"/> is a time relative to the case (<c>@start-7d</c>); the task
/// is the open one of <see cref="StepId"/> (and <see cref="Signer"/>), answered with the typical answers plus <see cref="Overrides"/>.
/// </summary>
public sealed record PlannedStep(string At, string StepId, string Role, string? Signer = null, JsonObject? Overrides = null);

/// <summary>A synthetic case: booked at <see cref="BookedAt"/>, then its steps in order, each only once its time has come.</summary>
public sealed record PlannedCase(StartCaseRequest Request, DateTimeOffset BookedAt, IReadOnlyList<PlannedStep> Steps);

/// <summary>
/// Writes many synthetic cases through the engine's own units of work (booking, task completion with form validation
/// and rules, timers firing) but stages a whole batch of cases in one context and inserts its rows in one transaction
/// (<see cref="ChangeWriter"/>): the way to fill a database with a busy clinic's history in minutes. For a database
/// nothing else writes to meanwhile.
/// </summary>
public sealed class BulkCaseWriter(ConsentFlowEngine engine, AnswerBook answers, int casesPerTransaction = 500)
{
    /// <summary>Writes <paramref name="cases"/>; every step and timer due up to <paramref name="until"/> happens. Returns how many were written.</summary>
    public async Task<int> WriteAsync(IEnumerable<PlannedCase> cases, DateTimeOffset until, Action<int>? progress, CancellationToken cancellationToken)
    {
        var written = 0;
        var batch = new List<PlannedCase>(casesPerTransaction);
        foreach (var planned in cases)
        {
            batch.Add(planned);
            if (batch.Count < casesPerTransaction) continue;
            written += await WriteBatchAsync(batch, until, cancellationToken);
            batch.Clear();
            progress?.Invoke(written);
        }
        if (batch.Count > 0)
        {
            written += await WriteBatchAsync(batch, until, cancellationToken);
            progress?.Invoke(written);
        }
        return written;
    }

    private async Task<int> WriteBatchAsync(List<PlannedCase> batch, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var written = 0;
        while (written < batch.Count)
        {
            await using var db = await engine.Contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // A patient booked twice in one transaction would be added twice (the second booking cannot see the first,
            // unsaved): such a case starts the next transaction instead.
            var patients = new HashSet<(string, string)>();
            for (; written < batch.Count; written++)
            {
                var identity = batch[written].Request.Patient;
                if (!patients.Add((PatientRegistry.SystemOf(identity), identity.Mrn.Trim()))) break;
                await StageCaseAsync(db, batch[written], until, cancellationToken);
            }
            // Synthetic history carries no sealed documents: a document per seeded consent would keep every node's
            // follow-up worker busy for hours after a large seed.
            foreach (var followUp in db.ChangeTracker.Entries<FollowUpItem>().ToList()) followUp.State = EntityState.Detached;
            using (var writer = new ChangeWriter(db.Database.GetDbConnection()) { Transaction = transaction.GetDbTransaction() })
                await writer.WriteAsync(db, acceptAllChangesOnSuccess: false, cancellationToken);
            // The rows are written; the context must not write them again.
            db.ChangeTracker.Clear();
            await transaction.CommitAsync(cancellationToken);
        }
        return batch.Count;
    }

    private async Task StageCaseAsync(ConsentFlowDbContext db, PlannedCase planned, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var request = planned.Request;
        CaseValidator.Validate(request, planned.BookedAt);
        var clock = new ScenarioClock(planned.BookedAt);
        var (definition, version) = await engine.Catalog.GetLatestAsync(request.DefinitionId, cancellationToken);
        var session = await CaseBooking.OpenAsync(db, clock, definition, version, request, CaseDriver.ActorFor("scheduler"), cancellationToken);
        await session.StageAsync(cancellationToken, project: false);

        foreach (var step in planned.Steps)
        {
            var at = ScenarioTimes.Resolve(step.At, request.ScheduledStart, clock.Now);
            if (at > until) break;
            if (at < clock.Now) at = clock.Now;
            session = await FireTimersAsync(session, clock, at, cancellationToken);
            clock.Now = at;
            var actor = CaseDriver.ActorFor(step.Role);
            var next = session.Continue(clock, actor);
            var task = next.OpenTasks.Where(t => t.StepId == step.StepId && t.Kind != TaskKind.Override && (step.Signer is null || t.SignerRole == step.Signer))
                .OrderByDescending(t => t.SignerRole == actor.Role).FirstOrDefault();
            // The workflow went elsewhere (a hard stop, a decline): this case's history ends here, as a real one would wait.
            if (task is null || !TaskViews.RolesOf(task).Contains(actor.Role)) break;
            try
            {
                next.Complete(task, answers.For(step.StepId, task.SignerRole, step.Overrides, request.ScheduledStart, at));
            }
            catch (Exception refused) when (refused is WorkflowException or FormValidationException)
            {
                break; // refused before anything changed: the case stays where the previous step left it
            }
            await next.StageAsync(cancellationToken, project: false);
            session = next;
        }
        session = await FireTimersAsync(session, clock, until, cancellationToken);
        // The board's row once, as the case stands after its last unit (whose version increment is already counted).
        ReadinessProjection.Write(session, db).InstanceVersion = session.Instance.Version;
    }

    /// <summary>Every timer of the case due by <paramref name="until"/> fires in its own unit of work, in due order, as the scheduler would.</summary>
    private static async Task<InstanceSession> FireTimersAsync(InstanceSession session, ScenarioClock clock, DateTimeOffset until, CancellationToken cancellationToken)
    {
        while (session.PendingTimers.Where(t => t.Status == TimerStatus.Pending && t.DueAtUtc <= until.UtcDateTime).MinBy(t => t.DueAtUtc) is { } due)
        {
            var at = new DateTimeOffset(due.DueAtUtc, TimeSpan.Zero);
            if (at > clock.Now) clock.Now = at;
            var next = session.Continue(clock, Actor.System);
            TimerFiring.Fire(next, next.PendingTimers.First(t => t.Id == due.Id));
            await next.StageAsync(cancellationToken, project: false);
            session = next;
        }
        return session;
    }
}
