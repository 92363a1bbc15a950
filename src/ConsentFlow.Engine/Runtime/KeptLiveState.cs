using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Engine.Runtime;

/// <summary>
/// The rows of an instance a unit of work reads (the instance and its case, tokens, open tasks, active stops, pending
/// timers, live consents, the board's row and the journal's head) as this process committed them, so the next unit on
/// that instance need not read them again. A unit still reads the instance's version; only when it is the one committed
/// here are the kept rows used: every writer of those rows raises the instance's version in the same transaction (units
/// of work, stored documents), so an equal version means equal rows, whichever process wrote last. (Timer leases are
/// the one exception: no unit of work reads or writes those two columns.)
/// </summary>
/// <remarks>
/// An entry is taken out to be used, never shared: a unit that fails (a conflict, a refused answer) leaves nothing
/// behind, and two units on one instance can never change the same objects. Only a unit that committed puts rows back.
/// </remarks>
internal sealed class KeptLiveState
{
    /// <summary>Far more instances than a clinic has in progress at one moment; each entry is a few kilobytes.</summary>
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<Guid, LiveRows> _rows = new();
    private readonly ConcurrentQueue<LiveRows> _order = new();

    /// <summary>The rows committed at <paramref name="version"/>, now owned by the caller; null when none are kept for it.</summary>
    public LiveRows? Take(Guid instanceId, int version) =>
        _rows.TryRemove(instanceId, out var rows) && rows.Version == version ? rows : null;

    /// <summary>Keeps the rows of a unit that committed; an older version never replaces a newer one.</summary>
    public void Keep(LiveRows rows)
    {
        _rows.AddOrUpdate(rows.InstanceId, rows, (_, kept) => kept.Version > rows.Version ? kept : rows);
        _order.Enqueue(rows);
        // The oldest entries go first; one already taken or replaced is skipped (removal only of that very entry).
        while (_rows.Count > Capacity && _order.TryDequeue(out var oldest))
            _rows.TryRemove(new KeyValuePair<Guid, LiveRows>(oldest.InstanceId, oldest));
        // Entries taken by units leave their queue slot behind; the queue is trimmed to the live entries when it outgrows them.
        if (_order.Count > 4 * Capacity) Compact();
    }

    /// <summary>Forgets everything, e.g. before the database file is copied back from a backup.</summary>
    public void Clear()
    {
        _rows.Clear();
        _order.Clear();
    }

    private void Compact()
    {
        var count = _order.Count;
        for (var i = 0; i < count && _order.TryDequeue(out var rows); i++)
            if (_rows.TryGetValue(rows.InstanceId, out var kept) && ReferenceEquals(kept, rows)) _order.Enqueue(rows);
    }
}

/// <summary>
/// What <see cref="KeptLiveState"/> keeps of one instance: everything a unit of work would otherwise read, the instance
/// and case rows and the parsed answers included. A class, not a record: an entry is one particular set of objects.
/// </summary>
internal sealed class LiveRows(
    WorkflowInstance instance,
    PatientCase patientCase,
    JsonObject data,
    List<ExecutionToken> tokens,
    List<WorkTask> openTasks,
    List<HardStop> activeStops,
    List<ScheduledTimer> pendingTimers,
    List<ConsentRecord> liveConsents,
    CaseReadinessRow readiness,
    JournalStream journalHead)
{
    public Guid InstanceId { get; } = instance.Id;
    /// <summary>The version committed with these rows, fixed here: the objects change once a unit takes them.</summary>
    public int Version { get; } = instance.Version;
    public WorkflowInstance Instance => instance;
    public PatientCase Case => patientCase;
    public JsonObject Data => data;
    public List<ExecutionToken> Tokens => tokens;
    public List<WorkTask> OpenTasks => openTasks;
    public List<HardStop> ActiveStops => activeStops;
    public List<ScheduledTimer> PendingTimers => pendingTimers;
    public List<ConsentRecord> LiveConsents => liveConsents;
    public CaseReadinessRow Readiness => readiness;
    public JournalStream JournalHead => journalHead;
}
