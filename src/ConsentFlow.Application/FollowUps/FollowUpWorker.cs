using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConsentFlow.Application.FollowUps;

/// <summary>How the outbox is worked off (section <c>ConsentFlow:FollowUps</c>).</summary>
public sealed record FollowUpOptions
{
    public const string Section = "ConsentFlow:FollowUps";

    /// <summary>Whether this process works off leftovers; every node may, the leases keep them apart.</summary>
    public bool RunWorker { get; init; } = true;

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Crash tests only: a submission that commits a consent's last signature stops before producing its document and
    /// waits to be killed, so a test can prove the outbox repairs that after a restart.
    /// </summary>
    public bool StallAfterCommitForCrashTests { get; init; }
}

/// <summary>Works off outbox items left by a crash or a failure: polls, leases, runs, backs off; survives restarts because the items are rows.</summary>
public sealed class FollowUpWorker(FollowUpRunner runner, FollowUpOptions options, TimeProvider clock, ILogger<FollowUpWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var done = await runner.RunDueAsync(stoppingToken);
                if (done > 0) logger.LogInformation("Follow-up worker carried out {Count} item(s).", done);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                logger.LogWarning("Follow-up pass failed ({FailureType}).", failure.GetType().Name);
            }
            await Task.Delay(options.PollInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
