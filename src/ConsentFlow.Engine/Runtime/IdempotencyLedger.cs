using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Runtime;

/// <summary>What a reservation found: go ahead, replay the first result, a different request used the key, or the first is still running.</summary>
public abstract record IdempotencyReservation
{
    public sealed record Reserved : IdempotencyReservation;
    public sealed record Replay(string ResultJson) : IdempotencyReservation;
    public sealed record Mismatch : IdempotencyReservation;
    public sealed record InProgress : IdempotencyReservation;
}

/// <summary>
/// Idempotency for operations that are not one of the engine's own units of work (an account, an API key, anything a
/// host creates): a key is reserved before the operation runs and holds its result afterwards, in the same table as the
/// engine's claims. Several processes agree through the key's primary key; a reservation whose owner died is taken
/// over after <see cref="StaleAfter"/>, and results are kept for <see cref="Retention"/>.
/// </summary>
public sealed class IdempotencyLedger(IDbContextFactory<ConsentFlowDbContext> contexts, TimeProvider clock)
{
    // A creating request takes well under a second (a sealed document a few); a reservation older than this belongs to
    // a node that died mid-request, and the caller's retry on another node must not wait for it for long.
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    private const string Pending = "";

    public async Task<IdempotencyReservation> ReserveAsync(string key, string requestHash, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.IdempotencyKeys.AsNoTracking().FirstOrDefaultAsync(r => r.Key == key, cancellationToken);
        if (existing is not null && existing.CreatedAtUtc < now - Retention)
        {
            await db.IdempotencyKeys.Where(r => r.Key == key && r.CreatedAtUtc == existing.CreatedAtUtc).ExecuteDeleteAsync(cancellationToken);
            existing = null;
        }
        if (existing is null)
        {
            db.IdempotencyKeys.Add(new IdempotencyRecord { Key = key, RequestHash = requestHash, ResultJson = Pending, CreatedAtUtc = now });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new IdempotencyReservation.Reserved();
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                existing = await db.IdempotencyKeys.AsNoTracking().FirstOrDefaultAsync(r => r.Key == key, cancellationToken);
                if (existing is null) return new IdempotencyReservation.InProgress();
            }
        }
        if (existing.RequestHash != requestHash) return new IdempotencyReservation.Mismatch();
        if (existing.ResultJson != Pending) return new IdempotencyReservation.Replay(existing.ResultJson);
        if (existing.CreatedAtUtc >= now - StaleAfter) return new IdempotencyReservation.InProgress();
        // The first request's process died mid-way: take the reservation over (one taker wins the conditional update).
        var taken = await db.IdempotencyKeys.Where(r => r.Key == key && r.ResultJson == Pending && r.CreatedAtUtc == existing.CreatedAtUtc)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.CreatedAtUtc, now), cancellationToken);
        return taken == 1 ? new IdempotencyReservation.Reserved() : new IdempotencyReservation.InProgress();
    }

    public async Task CompleteAsync(string key, string resultJson, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.IdempotencyKeys.Where(r => r.Key == key && r.ResultJson == Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.ResultJson, resultJson), cancellationToken);
    }

    /// <summary>The operation failed: the key is free again, so a retry runs it afresh.</summary>
    public async Task ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.IdempotencyKeys.Where(r => r.Key == key && r.ResultJson == Pending).ExecuteDeleteAsync(cancellationToken);
    }
}
