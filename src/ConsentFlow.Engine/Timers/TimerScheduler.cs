using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConsentFlow.Engine.Timers;

/// <summary>
/// Fires due timers. Safe with several app processes on one database: a process first takes a lease on a timer with a
/// conditional update (only one can win it), and a crashed process's lease simply runs out so another picks it up.
/// </summary>
public sealed class TimerScheduler(
    IDbContextFactory<ConsentFlowDbContext> contexts,
    WorkflowRuntime runtime,
    TimeProvider clock,
    ILogger<TimerScheduler> logger) : BackgroundService
{
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(60);
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);
    public string Owner { get; } = $"{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Ids and types only: timer payloads can concern patients.
                logger.LogWarning("Timer pass failed: {Error}", ex.GetType().Name);
            }
            await Task.Delay(PollInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Leases and fires every timer due now; returns how many fired.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var fired = 0;
        var now = clock.GetUtcNow().UtcDateTime;
        List<Guid> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            due = await db.Timers.Where(t => t.Status == TimerStatus.Pending && t.DueAtUtc <= now
                    && (t.LeaseExpiresAtUtc == null || t.LeaseExpiresAtUtc < now))
                .OrderBy(t => t.DueAtUtc).Select(t => t.Id).Take(100).ToListAsync(cancellationToken);
        }
        foreach (var id in due)
        {
            try
            {
                // The lease starts when it is taken, not when the pass began: a long pass must not hand out expired leases.
                if (!await TryLeaseAsync(id, clock.GetUtcNow().UtcDateTime, cancellationToken)) continue;
                if (await runtime.FireTimerAsync(id, Owner, cancellationToken)) fired++;
                // Lost to a concurrent change of the same case (another node's timer or submission): let the next pass of any
                // process try again instead of leaving the timer held for a whole lease.
                else await ReleaseLeaseAsync(id, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One timer's failure must not hold back the others; it stays pending and is tried on the next pass.
                logger.LogWarning("Timer {TimerId} failed: {Error}", id, ex.GetType().Name);
            }
        }
        return fired;
    }

    private async Task ReleaseLeaseAsync(Guid timerId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Timers.Where(t => t.Id == timerId && t.Status == TimerStatus.Pending && t.LeaseOwner == Owner)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.LeaseOwner, (string?)null).SetProperty(t => t.LeaseExpiresAtUtc, (DateTime?)null), cancellationToken);
    }

    private async Task<bool> TryLeaseAsync(Guid timerId, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var until = now + LeaseDuration;
        var won = await db.Timers
            .Where(t => t.Id == timerId && t.Status == TimerStatus.Pending && (t.LeaseExpiresAtUtc == null || t.LeaseExpiresAtUtc < now))
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.LeaseOwner, Owner).SetProperty(t => t.LeaseExpiresAtUtc, until), cancellationToken);
        return won == 1;
    }
}
