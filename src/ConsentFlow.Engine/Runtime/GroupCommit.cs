using System.Data.Common;
using System.Diagnostics;
using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Runtime;

/// <summary>
/// Group commit for a database with one writer at a time (SQLite). Units of work that reach their save while another
/// batch is committing queue up; one committer then saves every queued unit inside a single transaction, each unit under
/// its own savepoint, and acknowledges each caller only after that shared COMMIT. A unit whose save fails (a version
/// conflict, a duplicate key) is rolled back to its savepoint alone and its caller gets the error; its neighbours commit.
/// Readers never see part of a unit: a unit is visible exactly when the transaction that holds it commits.
/// </summary>
internal sealed class GroupCommit(IUnitOfWorkConnections connections, SemaphoreSlim writers, Action? afterWrite)
{
    private readonly KeptWriter _writer = new(connections, writers);
    /// <summary>Bounds one transaction, so a long queue still commits (and acknowledges) in steady steps.</summary>
    public const int MaxUnitsPerBatch = 64;

    private readonly Lock _lock = new();
    private readonly Queue<PendingUnit> _queue = new();
    private bool _leaderActive;
    private long _batches;
    private long _units;
    private int _largestBatch;
    private long _busyTicks;
    private long _statements;

    public IUnitOfWorkConnections Connections => connections;

    /// <summary>Closes the kept writer connection now (after a batch in progress).</summary>
    public void CloseWriter() => _writer.CloseNow();

    /// <summary>Committed transactions, units and statements saved through them, the most units one transaction held, and the time the write lock was held.</summary>
    public GroupCommitStats Stats => new(Interlocked.Read(ref _batches), Interlocked.Read(ref _units), Volatile.Read(ref _largestBatch),
        Interlocked.Read(ref _statements), Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _busyTicks)));

    /// <summary>
    /// Saves <paramref name="db"/>'s changes through <paramref name="save"/>; completes once the transaction holding
    /// them committed (or with the unit's own error). The caller that finds no commit running leads: it commits every
    /// queued unit inline (no hand-off to another thread when nobody else writes) and then passes the lead to the
    /// first unit that queued meanwhile. Once queued, the outcome is always awaited: a caller that gave up could not
    /// tell whether its change committed.
    /// </summary>
    public async Task CommitAsync(ConsentFlowDbContext db, Func<CancellationToken, Task> save, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // The statements are worked out here, before the queue: the committer, which holds the write lock, only runs them.
        db.PlannedChanges = ChangeWriter.Plan(db);
        var unit = new PendingUnit(db, save);
        bool lead;
        lock (_lock)
        {
            _queue.Enqueue(unit);
            lead = !_leaderActive;
            _leaderActive = true;
        }
        // A follower wakes either committed by the leader or handed the lead (it then heads the queue).
        if (!lead && await unit.Signal.Task) { unit.ThrowIfFailed(); return; }

        while (!unit.Finished)
        {
            List<PendingUnit> batch;
            lock (_lock)
            {
                batch = new List<PendingUnit>(Math.Min(_queue.Count, MaxUnitsPerBatch));
                while (batch.Count < MaxUnitsPerBatch && _queue.TryDequeue(out var next)) batch.Add(next);
            }
            await CommitBatchAsync(batch);
            foreach (var other in batch) if (other != unit) other.Signal.TrySetResult(true);
        }
        lock (_lock)
        {
            if (_queue.TryPeek(out var successor)) successor.Signal.TrySetResult(false);
            else _leaderActive = false;
        }
        unit.ThrowIfFailed();
    }

    /// <summary>Commits one batch; never throws: each unit ends with its own outcome.</summary>
    private async Task CommitBatchAsync(List<PendingUnit> batch)
    {
        var outcomes = new Exception?[batch.Count];
        Exception? failure = null;
        long statements = 0;
        await writers.WaitAsync();
        var began = Stopwatch.GetTimestamp();
        try
        {
            var (writer, changes) = await _writer.OpenAsync();
            var statementsBefore = changes.Statements;
            // BEGIN IMMEDIATE: the write lock is taken (or waited for, behind another process) before any unit runs.
            await using var transaction = await writer.BeginTransactionAsync();
            changes.Transaction = transaction;
            if (batch.Count == 1)
            {
                // Alone in its transaction, a unit needs no savepoint: its failure rolls the whole transaction back.
                outcomes[0] = await SaveOneAsync(batch[0], writer, transaction, changes, savepoint: false);
                if (outcomes[0] is null) await transaction.CommitAsync();
                else await transaction.RollbackAsync();
            }
            else
            {
                for (var i = 0; i < batch.Count; i++) outcomes[i] = await SaveOneAsync(batch[i], writer, transaction, changes, savepoint: true);
                await transaction.CommitAsync();
            }
            statements = changes.Statements - statementsBefore;
        }
        catch (DbException ex)
        {
            // Nothing of this batch committed: each caller hears it as its own save failing, and may run again.
            failure = new DbUpdateException("The database refused the shared commit; nothing of this save was kept.", ex);
        }
        catch (Exception ex)
        {
            failure = ex; // nothing of this batch committed
        }
        finally
        {
            _writer.Release(failed: failure is not null);
            Interlocked.Add(ref _busyTicks, Stopwatch.GetTimestamp() - began);
            Release(batch.Count);
        }
        if (failure is null)
        {
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _units, batch.Count);
            Interlocked.Add(ref _statements, statements);
            if (batch.Count > _largestBatch) Volatile.Write(ref _largestBatch, batch.Count); // one leader at a time writes it
        }
        // Units refused on their own keep their reason; after a failed commit every other one fails with its cause.
        for (var i = 0; i < batch.Count; i++) batch[i].Finish(outcomes[i] ?? failure);
    }

    private void Release(int units)
    {
        writers.Release();
        if (afterWrite is null) return;
        for (var i = 0; i < units; i++) afterWrite();
    }

    private static async Task<Exception?> SaveOneAsync(PendingUnit unit, DbConnection writer, DbTransaction transaction, ChangeWriter changes, bool savepoint)
    {
        const string name = "consentflow_unit";
        if (savepoint) await transaction.SaveAsync(name);
        try
        {
            unit.Db.Database.SetDbConnection(writer, contextOwnsConnection: false);
            await unit.Db.Database.UseTransactionAsync(transaction);
            unit.Db.Writer = changes;
            await unit.Save(CancellationToken.None);
            if (savepoint) await transaction.ReleaseAsync(name);
            return null;
        }
        catch (Exception ex)
        {
            if (savepoint)
            {
                await transaction.RollbackAsync(name);
                await transaction.ReleaseAsync(name);
            }
            return ex;
        }
        finally
        {
            unit.Db.Writer = null;
            await unit.Db.Database.UseTransactionAsync(null);
        }
    }

    private sealed class PendingUnit(ConsentFlowDbContext db, Func<CancellationToken, Task> save)
    {
        private Exception? _error;

        public ConsentFlowDbContext Db { get; } = db;
        public Func<CancellationToken, Task> Save { get; } = save;
        /// <summary>True: committed (or refused, see <see cref="ThrowIfFailed"/>); false: this unit now leads.</summary>
        public TaskCompletionSource<bool> Signal { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool Finished { get; private set; }

        public void Finish(Exception? error)
        {
            _error = error;
            Finished = true;
        }

        public void ThrowIfFailed()
        {
            if (_error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_error);
        }
    }
}

/// <summary>How well group commit batched: <see cref="Units"/> / <see cref="Batches"/> units per transaction on average, <see cref="Statements"/> / <see cref="Units"/> statements per unit.</summary>
public readonly record struct GroupCommitStats(long Batches, long Units, int LargestBatch, long Statements, TimeSpan WriteLockHeld);
