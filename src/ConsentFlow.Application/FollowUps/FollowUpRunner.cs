using System.Diagnostics;
using ConsentFlow.Engine.FollowUps;
using ConsentFlow.Engine.Runtime;
using Microsoft.Extensions.Logging;

namespace ConsentFlow.Application.FollowUps;

/// <summary>
/// Runs outbox items through their handlers: right after the commit that recorded them (so the API answers with the
/// document) and from <see cref="FollowUpWorker"/> for whatever is left (a crash, a failure waiting for its retry).
/// </summary>
public sealed class FollowUpRunner(FollowUpQueue queue, IEnumerable<IFollowUpHandler> handlers, ILogger<FollowUpRunner> logger)
{
    private readonly Dictionary<string, IFollowUpHandler> _handlers = handlers.ToDictionary(h => h.Kind);

    /// <summary>Runs the pending item of this kind about this subject now, unless someone else holds it; true when it was done here.</summary>
    public async Task<bool> RunNowAsync(string kind, Guid subjectId, Actor actor, CancellationToken cancellationToken) =>
        await queue.FindPendingAsync(kind, subjectId, cancellationToken) is { } id && await RunAsync(id, actor, inline: true, cancellationToken);

    /// <summary>Every item whose time has come; returns how many were carried out.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var done = 0;
        foreach (var id in await queue.DueAsync(max: 50, cancellationToken))
            if (await RunAsync(id, Actor.System, inline: false, cancellationToken)) done++;
        return done;
    }

    private async Task<bool> RunAsync(Guid id, Actor actor, bool inline, CancellationToken cancellationToken)
    {
        var lease = await queue.TryLeaseAsync(id, cancellationToken, ignoreBackoff: inline);
        if (lease is null) return false;
        var kind = new KeyValuePair<string, object?>("kind", lease.Kind);
        using var activity = ApplicationTelemetry.Source.StartActivity("consentflow.follow_up");
        activity?.SetTag("consentflow.follow_up.kind", lease.Kind);
        activity?.SetTag("consentflow.follow_up.attempt", lease.Attempts);
        try
        {
            if (!_handlers.TryGetValue(lease.Kind, out var handler)) throw new InvalidOperationException("No handler for this kind of follow-up.");
            await handler.HandleAsync(lease, actor, cancellationToken);
            ApplicationTelemetry.FollowUpsDone.Add(1, kind);
            return true;
        }
        catch (FollowUpLeaseLostException)
        {
            // Another process took over an expired lease and did (or is doing) the work; nothing was stored here.
            return false;
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // The failure's type only: messages from rendering or sealing may quote case data.
            var backoff = await queue.FailAsync(lease, failure.GetType().FullName ?? "error", CancellationToken.None);
            ApplicationTelemetry.FollowUpsFailed.Add(1, kind);
            activity?.SetStatus(ActivityStatusCode.Error, failure.GetType().Name);
            logger.LogError("Follow-up {FollowUpId} ({Kind}) for instance {InstanceId} failed on attempt {Attempt} ({FailureType}); retrying in {Backoff}.",
                lease.Id, lease.Kind, lease.InstanceId, lease.Attempts, failure.GetType().FullName, backoff);
            return false;
        }
    }
}
