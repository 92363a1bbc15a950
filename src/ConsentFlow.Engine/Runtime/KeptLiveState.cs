using System.Collections.Concurrent;
using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Engine.Runtime;

/// <summary>
/// The live rows of an instance (tokens, open tasks, active stops, pending timers, live consents, the board's row and
/// the journal's head) as this process committed them, so the next unit of work on that instance need not read them
/// again. A unit still reads the instance row itself; only when its version is the one committed here are the kept rows
/// used: every writer of those rows raises the instance's version in the same transaction (units of work, stored
/// documents), so an equal version means equal rows, whichever process wrote last.
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

/// <summary>What <see cref="KeptLiveState"/> keeps of one instance: the rows a unit of work would otherwise read.</summary>
internal sealed record LiveRows(
    Guid InstanceId,
    int Version,
    List<ExecutionToken> Tokens,
    List<WorkTask> OpenTasks,
    List<HardStop> ActiveStops,
    List<ScheduledTimer> PendingTimers,
    List<ConsentRecord> LiveConsents,
    CaseReadinessRow Readiness,
    JournalStream JournalHead);
