using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.FollowUps;

/// <summary>One outbox item held by one owner until its lease runs out.</summary>
public sealed record FollowUpLease(Guid Id, string Kind, Guid InstanceId, Guid? SubjectId, int Attempts, string Owner);

/// <summary>The work of a follow-up was already done by someone else, or the lease on it was lost to another owner.</summary>
public sealed class FollowUpLeaseLostException(Guid id) : Exception($"Follow-up {id} is no longer held by this process.");

/// <summary>
/// The outbox the engine writes in each unit of work. Safe with several app processes on one database: an item is
/// taken with a conditional update (one owner wins), a crashed owner's lease runs out, and an item is marked done in the
/// same transaction as the work it stands for (see <see cref="CompleteWithinAsync"/>), so its work is stored once.
/// </summary>
public sealed class FollowUpQueue(IDbContextFactory<ConsentFlowDbContext> contexts, TimeProvider clock)
{
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A new item is left to the request that committed it for this long (it runs it inline, right after the commit);
    /// workers pick it up only afterwards, so they do not race the request for it.
    /// </summary>
    public static readonly TimeSpan InlineGrace = TimeSpan.FromSeconds(10);

    public string Owner { get; } = $"{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Items whose time has come and that nobody holds, oldest first.</summary>
    public async Task<IReadOnlyList<Guid>> DueAsync(int max, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.FollowUps.AsNoTracking()
            .Where(f => f.Status == FollowUpStatus.Pending && f.NextAttemptAtUtc <= now && (f.LeaseExpiresAtUtc == null || f.LeaseExpiresAtUtc < now))
            .OrderBy(f => f.NextAttemptAtUtc).Select(f => f.Id).Take(max).ToListAsync(cancellationToken);
    }

    /// <summary>The pending item of this kind about this subject, if any (the inline run right after a commit looks it up so).</summary>
    public async Task<Guid?> FindPendingAsync(string kind, Guid subjectId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.FollowUps.AsNoTracking().Where(f => f.Kind == kind && f.SubjectId == subjectId && f.Status == FollowUpStatus.Pending)
            .Select(f => (Guid?)f.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Takes the item unless it is done or another owner holds a live lease; null when someone else has it.</summary>
    /// <param name="ignoreBackoff">The inline run right after the commit need not wait for a retry time.</param>
    public async Task<FollowUpLease?> TryLeaseAsync(Guid id, CancellationToken cancellationToken, bool ignoreBackoff = false)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + LeaseDuration;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var won = await db.FollowUps
            .Where(f => f.Id == id && f.Status == FollowUpStatus.Pending && (f.LeaseExpiresAtUtc == null || f.LeaseExpiresAtUtc < now)
                && (ignoreBackoff || f.NextAttemptAtUtc <= now))
            .ExecuteUpdateAsync(set => set.SetProperty(f => f.LeaseOwner, Owner).SetProperty(f => f.LeaseExpiresAtUtc, until)
                .SetProperty(f => f.Attempts, f => f.Attempts + 1), cancellationToken);
        if (won != 1) return null;
        var item = await db.FollowUps.AsNoTracking().FirstAsync(f => f.Id == id, cancellationToken);
        return new FollowUpLease(item.Id, item.Kind, item.InstanceId, item.SubjectId, item.Attempts, Owner);
    }

    /// <summary>
    /// Marks the item done inside the caller's open transaction; throws when the lease was lost (another owner took over
    /// an expired lease and may have done the work), so the caller rolls its work back instead of storing it twice.
    /// </summary>
    public async Task CompleteWithinAsync(ConsentFlowDbContext db, FollowUpLease lease, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("A follow-up is completed inside the transaction of its work.");
        var now = clock.GetUtcNow().UtcDateTime;
        var done = await db.FollowUps.Where(f => f.Id == lease.Id && f.Status == FollowUpStatus.Pending && f.LeaseOwner == lease.Owner)
            .ExecuteUpdateAsync(set => set.SetProperty(f => f.Status, FollowUpStatus.Done).SetProperty(f => f.CompletedAtUtc, now)
                .SetProperty(f => f.LeaseExpiresAtUtc, (DateTime?)null).SetProperty(f => f.LastError, (string?)null), cancellationToken);
        if (done != 1) throw new FollowUpLeaseLostException(lease.Id);
    }

    /// <summary>Marks the item done when its work turned out to be needed no more (already done, or its subject has gone).</summary>
    public async Task<bool> CompleteAsync(FollowUpLease lease, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.FollowUps.Where(f => f.Id == lease.Id && f.Status == FollowUpStatus.Pending && f.LeaseOwner == lease.Owner)
            .ExecuteUpdateAsync(set => set.SetProperty(f => f.Status, FollowUpStatus.Done).SetProperty(f => f.CompletedAtUtc, now)
                .SetProperty(f => f.LeaseExpiresAtUtc, (DateTime?)null), cancellationToken) == 1;
    }

    /// <summary>Lets go of the item after a failure; it is tried again after an exponential backoff (5 s, 10 s, 20 s, ... at most 10 min).</summary>
    public async Task<TimeSpan> FailAsync(FollowUpLease lease, string errorType, CancellationToken cancellationToken)
    {
        var backoff = Backoff(lease.Attempts);
        var next = clock.GetUtcNow().UtcDateTime + backoff;
        var error = errorType.Length > 200 ? errorType[..200] : errorType;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.FollowUps.Where(f => f.Id == lease.Id && f.Status == FollowUpStatus.Pending && f.LeaseOwner == lease.Owner)
            .ExecuteUpdateAsync(set => set.SetProperty(f => f.LeaseOwner, (string?)null).SetProperty(f => f.LeaseExpiresAtUtc, (DateTime?)null)
                .SetProperty(f => f.NextAttemptAtUtc, next).SetProperty(f => f.LastError, error), cancellationToken);
        return backoff;
    }

    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, 5 * Math.Pow(2, Math.Clamp(attempts - 1, 0, 16))));
}
