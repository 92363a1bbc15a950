using ConsentFlow.Engine.Storage;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ConsentFlow.Engine.Runtime;

/// <summary>
/// The queries every unit of work runs, compiled once: a submission is a handful of small reads, and skipping LINQ
/// translation on each of them is a large share of the time saved. A compiled query belongs to one model, so each is
/// compiled once per model: a process may hold contexts of two providers (a test run, a copy from one database to another).
/// </summary>
internal static class SessionQueries
{
    /// <summary>The instance and its case in one round trip (both tracked).</summary>
    public static readonly Func<ConsentFlowDbContext, Guid, Task<InstanceWithCase?>> InstanceWithCase =
        PerModel(() => EF.CompileAsyncQuery((ConsentFlowDbContext db, Guid id) =>
            (from instance in db.Instances
             join patientCase in db.Cases on instance.CaseId equals patientCase.Id
             where instance.Id == id
             select new InstanceWithCase(instance, patientCase)).FirstOrDefault()));

    /// <summary>A submission names a task: its instance and case come in the same round trip.</summary>
    public static readonly Func<ConsentFlowDbContext, Guid, Task<InstanceWithCase?>> InstanceWithCaseOfTask =
        PerModel(() => EF.CompileAsyncQuery((ConsentFlowDbContext db, Guid taskId) =>
            (from task in db.Tasks
             join instance in db.Instances on task.InstanceId equals instance.Id
             join patientCase in db.Cases on instance.CaseId equals patientCase.Id
             where task.Id == taskId
             select new InstanceWithCase(instance, patientCase)).FirstOrDefault()));

    /// <summary>Only the version of the instance (no row materialized or tracked): enough to tell whether kept rows are current.</summary>
    public static readonly Func<ConsentFlowDbContext, Guid, Task<InstanceVersion?>> InstanceVersion =
        PerModel(() => EF.CompileAsyncQuery((ConsentFlowDbContext db, Guid id) =>
            db.Instances.Where(i => i.Id == id).Select(i => (InstanceVersion?)new InstanceVersion(i.Id, i.Version)).FirstOrDefault()));

    public static readonly Func<ConsentFlowDbContext, Guid, Task<InstanceVersion?>> InstanceVersionOfTask =
        PerModel(() => EF.CompileAsyncQuery((ConsentFlowDbContext db, Guid taskId) =>
            (from task in db.Tasks
             join instance in db.Instances on task.InstanceId equals instance.Id
             where task.Id == taskId
             select (InstanceVersion?)new InstanceVersion(instance.Id, instance.Version)).FirstOrDefault()));

    public static readonly Func<ConsentFlowDbContext, Guid, IAsyncEnumerable<ExecutionToken>> LiveTokens =
        PerModel(() => EF.CompileAsyncQuery((ConsentFlowDbContext db, Guid id) => db.Tokens.Where(t => t.InstanceId == id).Where(Live.Token)));

    public static readonly Func<ConsentFlowDbContext, Guid, IAsyncEnumerable<WorkTask>> OpenTasks =
        PerModel(() => EF.CompileAsyncQuery((ConsentFlowDbContext db, Guid id) => db.Tasks.Where(t => t.InstanceId == id).Where(Live.OpenTask)));

    public static readonly Func<ConsentFlowDbContext, Guid, IAsyncEnumerable<HardStop>> ActiveStops =
        PerModel(() => EF.CompileAsyncQuery((ConsentFlowDbContext db, Guid id) => db.HardStops.Where(s => s.InstanceId == id).Where(Live.Stop)));

    public static readonly Func<ConsentFlowDbContext, Guid, IAsyncEnumerable<ScheduledTimer>> PendingTimers =
        PerModel(() => EF.CompileAsyncQuery((ConsentFlowDbContext db, Guid id) => db.Timers.Where(t => t.InstanceId == id).Where(Live.Timer)));

    public static readonly Func<ConsentFlowDbContext, Guid, IAsyncEnumerable<ConsentRecord>> LiveConsents =
        PerModel(() => EF.CompileAsyncQuery((ConsentFlowDbContext db, Guid id) => db.Consents.Where(c => c.InstanceId == id).Where(Live.Consent)));

    /// <summary>The board's row as stored (tracked), so the unit's save writes only the columns that changed.</summary>
    public static readonly Func<ConsentFlowDbContext, Guid, Task<CaseReadinessRow?>> ReadinessRow =
        PerModel(() => EF.CompileAsyncQuery((ConsentFlowDbContext db, Guid id) => db.CaseReadiness.FirstOrDefault(r => r.InstanceId == id)));

    public static readonly Func<ConsentFlowDbContext, string, Task<IdempotencyRecord?>> Idempotency =
        PerModel(() => EF.CompileAsyncQuery((ConsentFlowDbContext db, string key) => db.IdempotencyKeys.AsNoTracking().FirstOrDefault(r => r.Key == key)));

    public static readonly Func<ConsentFlowDbContext, string, Task<JournalStream?>> Stream =
        PerModel(() => EF.CompileAsyncQuery((ConsentFlowDbContext db, string stream) => db.JournalStreams.FirstOrDefault(s => s.Stream == stream)));

    /// <summary>The newest published version of a definition; a booking asks on every new case.</summary>
    public static readonly Func<ConsentFlowDbContext, string, Task<int?>> LatestPublishedVersion =
        PerModel(() => EF.CompileAsyncQuery((ConsentFlowDbContext db, string definitionId) =>
            db.Definitions.Where(d => d.DefinitionId == definitionId && d.State == DefinitionState.Published).Max(d => (int?)d.Version)));

    private static Func<ConsentFlowDbContext, TArg, TResult> PerModel<TArg, TResult>(Func<Func<ConsentFlowDbContext, TArg, TResult>> compile)
    {
        var compiled = new ConditionalWeakTable<IModel, Func<ConsentFlowDbContext, TArg, TResult>>();
        return (db, arg) => compiled.GetValue(db.Model, _ => compile())(db, arg);
    }

    public static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> rows, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await foreach (var row in rows.WithCancellation(cancellationToken)) list.Add(row);
        return list;
    }
}

/// <summary>
/// Which rows of an instance are live: what a unit of work reads (<see cref="SessionQueries"/>) and what the process
/// keeps of them after a commit (<see cref="KeptLiveState"/>), so both always mean the same rows.
/// </summary>
internal static class Live
{
    public static readonly Expression<Func<ExecutionToken, bool>> Token =
        t => t.Status == TokenStatus.Active || t.Status == TokenStatus.Waiting || t.Status == TokenStatus.Joined;
    public static readonly Expression<Func<WorkTask, bool>> OpenTask = t => t.Status == WorkTaskStatus.Open;
    public static readonly Expression<Func<HardStop, bool>> Stop = s => s.Status == HardStopStatus.Active;
    public static readonly Expression<Func<ScheduledTimer, bool>> Timer = t => t.Status == TimerStatus.Pending;
    public static readonly Expression<Func<ConsentRecord, bool>> Consent = c => c.Status == ConsentStatus.Proposed || c.Status == ConsentStatus.Active;

    /// <summary>The same predicates over rows already in memory.</summary>
    public static readonly Func<ExecutionToken, bool> IsToken = Token.Compile();
    public static readonly Func<WorkTask, bool> IsOpenTask = OpenTask.Compile();
    public static readonly Func<HardStop, bool> IsStop = Stop.Compile();
    public static readonly Func<ScheduledTimer, bool> IsTimer = Timer.Compile();
    public static readonly Func<ConsentRecord, bool> IsConsent = Consent.Compile();
}

internal sealed record InstanceWithCase(WorkflowInstance Instance, PatientCase Case);

internal readonly record struct InstanceVersion(Guid InstanceId, int Version);
