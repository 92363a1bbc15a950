using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Runtime;

/// <summary>
/// How writers of this process share the database. Where it allows one writer at a time (SQLite), units of work are
/// group-committed: concurrent units share one transaction, each under its own savepoint, instead of queueing for a
/// transaction each; other writers (documents) take the same lock. Elsewhere the gate is open and row versions alone
/// arbitrate.
/// </summary>
public sealed class WriteGate
{
    private readonly SemaphoreSlim? _semaphore;
    private readonly Action? _afterWrite;
    private readonly GroupCommit? _group;

    private WriteGate(bool serialize, Action? afterWrite, IUnitOfWorkConnections? grouped)
    {
        _semaphore = serialize || grouped is not null ? new SemaphoreSlim(1, 1) : null;
        _afterWrite = afterWrite;
        _group = grouped is null ? null : new GroupCommit(grouped, _semaphore!, afterWrite);
        // Where reads are the larger part of a unit of work (a local file), units skip re-reading what this process just wrote.
        Kept = grouped is null ? null : new KeptLiveState();
    }

    /// <summary>The live rows of instances as this process last committed them; null where every unit reads them again.</summary>
    internal KeptLiveState? Kept { get; }

    public static WriteGate Open() => new(serialize: false, afterWrite: null, grouped: null);

    /// <param name="afterWrite">Runs after each write leaves the gate (SQLite schedules its checkpoints there).</param>
    public static WriteGate Serialized(Action? afterWrite = null) => new(serialize: true, afterWrite, grouped: null);

    /// <summary>One writer at a time, with concurrent units of work committed together.</summary>
    /// <param name="afterWrite">Runs once per committed unit of work.</param>
    public static WriteGate GroupCommitted(IUnitOfWorkConnections connections, Action? afterWrite = null) =>
        new(serialize: true, afterWrite, connections);

    public bool IsGroupCommit => _group is not null;

    /// <summary>
    /// Closes group commit's writer connection now, after any batch in progress; the next batch opens it again. For a
    /// caller about to copy, archive or delete the database file.
    /// </summary>
    public void ReleaseWriter()
    {
        _group?.CloseWriter();
        Kept?.Clear(); // the file may come back as another copy: nothing kept may stand for its rows
    }

    /// <summary>Group commit's batching so far; empty without group commit.</summary>
    public GroupCommitStats GroupCommitStats => _group?.Stats ?? default;

    /// <summary>Exclusive write access for a writer outside the units of work (documents); batches wait for it and it for them.</summary>
    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (_semaphore is null) return Released.Instance;
        await _semaphore.WaitAsync(cancellationToken);
        return new Releaser(this);
    }

    /// <summary>
    /// <see cref="EnterAsync"/> for a writer on a thread of its own (SQLite's checkpointer): it is let in without waiting
    /// for a thread-pool thread, which a busy pool may not give it for seconds.
    /// </summary>
    public IDisposable Enter()
    {
        if (_semaphore is null) return Released.Instance;
        _semaphore.Wait();
        return new Releaser(this);
    }

    /// <summary>
    /// The context one unit of work reads, changes and saves through, its connection opened once for the whole unit: EF
    /// would otherwise open and close a pooled connection around each read and the save.
    /// </summary>
    internal async Task<ConsentFlowDbContext> CreateUnitContextAsync(IDbContextFactory<ConsentFlowDbContext> pooled, CancellationToken cancellationToken)
    {
        if (_group is not null) return await _group.Connections.CreateUnitContextAsync(cancellationToken);
        var db = await pooled.CreateDbContextAsync(cancellationToken);
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            return db;
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="save"/> (which ends in SaveChanges on <paramref name="db"/>) as one transaction, or as one
    /// savepoint of a group commit; completes once it is durable. Afterwards <paramref name="db"/> must not query again.
    /// Its changes must be final when this is called: group commit plans the statements before it queues the unit.
    /// </summary>
    internal async Task SaveAsync(ConsentFlowDbContext db, Func<CancellationToken, Task> save, CancellationToken cancellationToken)
    {
        if (_group is not null)
        {
            await _group.CommitAsync(db, save, cancellationToken);
            return;
        }
        using (await EnterAsync(cancellationToken)) await save(cancellationToken);
    }

    private void Exit()
    {
        _semaphore!.Release();
        _afterWrite?.Invoke();
    }

    private sealed class Releaser(WriteGate gate) : IDisposable
    {
        private int _released;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Exit();
        }
    }

    private sealed class Released : IDisposable
    {
        public static readonly Released Instance = new();
        public void Dispose() { }
    }
}
