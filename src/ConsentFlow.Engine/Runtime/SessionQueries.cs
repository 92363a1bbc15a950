using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Runtime;

/// <summary>
/// The queries every unit of work runs, compiled once: a submission is a handful of small reads, and skipping LINQ
/// translation on each of them is a large share of the time saved.
/// </summary>
internal static class SessionQueries
{
    public static readonly Func<ConsentFlowDbContext, Guid, Task<WorkflowInstance?>> Instance =
        EF.CompileAsyncQuery((ConsentFlowDbContext db, Guid id) => db.Instances.FirstOrDefault(i => i.Id == id));

    public static readonly Func<ConsentFlowDbContext, Guid, Task<PatientCase?>> Case =
        EF.CompileAsyncQuery((ConsentFlowDbContext db, Guid id) => db.Cases.FirstOrDefault(c => c.Id == id));

    public static readonly Func<ConsentFlowDbContext, Guid, IAsyncEnumerable<ExecutionToken>> LiveTokens =
        EF.CompileAsyncQuery((ConsentFlowDbContext db, Guid id) => db.Tokens.Where(t => t.InstanceId == id
            && (t.Status == TokenStatus.Active || t.Status == TokenStatus.Waiting || t.Status == TokenStatus.Joined)));

    public static readonly Func<ConsentFlowDbContext, Guid, IAsyncEnumerable<WorkTask>> OpenTasks =
        EF.CompileAsyncQuery((ConsentFlowDbContext db, Guid id) => db.Tasks.Where(t => t.InstanceId == id && t.Status == WorkTaskStatus.Open));

    public static readonly Func<ConsentFlowDbContext, Guid, IAsyncEnumerable<HardStop>> ActiveStops =
        EF.CompileAsyncQuery((ConsentFlowDbContext db, Guid id) => db.HardStops.Where(s => s.InstanceId == id && s.Status == HardStopStatus.Active));

    public static readonly Func<ConsentFlowDbContext, Guid, IAsyncEnumerable<ScheduledTimer>> PendingTimers =
        EF.CompileAsyncQuery((ConsentFlowDbContext db, Guid id) => db.Timers.Where(t => t.InstanceId == id && t.Status == TimerStatus.Pending));

    public static readonly Func<ConsentFlowDbContext, Guid, IAsyncEnumerable<ConsentRecord>> LiveConsents =
        EF.CompileAsyncQuery((ConsentFlowDbContext db, Guid id) => db.Consents.Where(c => c.InstanceId == id
            && (c.Status == ConsentStatus.Proposed || c.Status == ConsentStatus.Active)));

    public static readonly Func<ConsentFlowDbContext, Guid, Task<Guid>> InstanceOfTask =
        EF.CompileAsyncQuery((ConsentFlowDbContext db, Guid taskId) => db.Tasks.Where(t => t.Id == taskId).Select(t => t.InstanceId).FirstOrDefault());

    public static readonly Func<ConsentFlowDbContext, string, Task<IdempotencyRecord?>> Idempotency =
        EF.CompileAsyncQuery((ConsentFlowDbContext db, string key) => db.IdempotencyKeys.AsNoTracking().FirstOrDefault(r => r.Key == key));

    public static readonly Func<ConsentFlowDbContext, string, Task<JournalStream?>> Stream =
        EF.CompileAsyncQuery((ConsentFlowDbContext db, string stream) => db.JournalStreams.FirstOrDefault(s => s.Stream == stream));

    public static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> rows, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await foreach (var row in rows.WithCancellation(cancellationToken)) list.Add(row);
        return list;
    }
}
