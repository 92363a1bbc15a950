using System.Threading.Channels;
using ConsentFlow.Identity.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConsentFlow.Identity.Audit;

/// <summary>
/// Records reads of patient data off the request path: a request only enqueues; a background writer saves in batches.
/// The queue is bounded so a stalled database slows readers rather than dropping audit records.
/// </summary>
public sealed class AccessAudit(IDbContextFactory<IdentityStoreContext> contexts, TimeProvider clock, ILogger<AccessAudit> logger) : BackgroundService
{
    /// <summary>Rows per save: a board page of cases is one queued read and, on the writer, one batch of rows.</summary>
    private const int BatchSize = 500;

    /// <summary>A read as queued: the request hands over its list of cases as is; the writer turns it into rows.</summary>
    private sealed record QueuedRead(AccessEvent Entry, DateTime AtUtc);

    private readonly Channel<QueuedRead> _queue = Channel.CreateBounded<QueuedRead>(new BoundedChannelOptions(50_000) { SingleReader = true });

    public ValueTask RecordAsync(AccessEvent entry, CancellationToken cancellationToken = default)
    {
        var read = new QueuedRead(entry, clock.GetUtcNow().UtcDateTime);
        return _queue.Writer.TryWrite(read) ? ValueTask.CompletedTask : _queue.Writer.WriteAsync(read, cancellationToken);
    }

    /// <summary>One row per case a list showed (one row when it showed none), else the one row of a single read.</summary>
    private static IEnumerable<AuditEvent> Rows(QueuedRead read)
    {
        var entry = read.Entry;
        AuditEvent Row(Guid? instanceId) => new()
        {
            Category = AuditCategory.Access, Kind = entry.Kind.ToString(), AtUtc = read.AtUtc, ActorId = entry.ActorId,
            Channel = entry.Channel, InstanceId = instanceId, Subject = entry.Subject,
        };
        if (entry.Shown is not { Count: > 0 } shown)
        {
            yield return Row(entry.InstanceId);
            yield break;
        }
        foreach (var instanceId in shown.Distinct()) yield return Row(instanceId);
    }

    /// <summary>Waits until everything enqueued so far is saved (tests, and an orderly shutdown).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (_queue.Reader.Count > 0 || Volatile.Read(ref _writing) == 1) await Task.Delay(10, cancellationToken);
    }

    private int _writing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditEvent>(BatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
                await DrainAsync(batch, CancellationToken.None);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued is saved below.
        }
        await DrainAsync(batch, CancellationToken.None);
    }

    private async Task DrainAsync(List<AuditEvent> batch, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _writing, 1);
        try
        {
            while (_queue.Reader.TryRead(out var read))
            {
                batch.AddRange(Rows(read));
                if (batch.Count >= BatchSize) await SaveAsync(batch, cancellationToken);
            }
            if (batch.Count > 0) await SaveAsync(batch, cancellationToken);
        }
        finally
        {
            Volatile.Write(ref _writing, 0);
        }
    }

    /// <summary>
    /// Keeps trying until the batch is saved: an audit row is never dropped, and a failing database must not stop the
    /// writer (a background service that throws would take the whole app down).
    /// </summary>
    private async Task SaveAsync(List<AuditEvent> batch, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                db.AuditEvents.AddRange(batch.Select(e => { e.Id = 0; return e; }));
                await db.SaveChangesAsync(cancellationToken);
                batch.Clear();
                return;
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                logger.LogWarning("Access audit batch of {Count} not saved yet ({FailureType}, attempt {Attempt}); retrying.", batch.Count, failure.GetType().Name, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(200 * attempt, 5_000)), cancellationToken);
            }
        }
    }
}
