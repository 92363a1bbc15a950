using System.Reflection;
using WorkflowCore.Models;

namespace ConsentFlow.Bench.Peer;

/// <summary>
/// WorkflowCore host settings for a peer run. <see cref="Defaults"/> leaves every option untouched (the headline peer);
/// <see cref="Tuned"/> is the fastest setting we know of, reported beside it so the comparison is not against a
/// straw man.
/// </summary>
public sealed record WorkflowCoreTuning(string Label, TimeSpan? IdleTime = null, TimeSpan? PollInterval = null, int? MaxConcurrentWorkflows = null)
{
    public static readonly WorkflowCoreTuning Defaults = new("defaults");

    /// <summary>
    /// IdleTime is how long a queue consumer sleeps when it already has its maximum number of items in flight
    /// (event consumer: max(cores, 2); workflow consumer: MaxConcurrentWorkflows) — under load a 100 ms stall.
    /// PollInterval bounds the retry of an event that lost the race for its workflow's lock.
    /// </summary>
    public static readonly WorkflowCoreTuning Tuned = new("tuned",
        IdleTime: TimeSpan.FromMilliseconds(1), PollInterval: TimeSpan.FromSeconds(1), MaxConcurrentWorkflows: 4 * Environment.ProcessorCount);

    public void ApplyTo(WorkflowOptions options)
    {
        if (IdleTime is { } idle) options.UseIdleTime(idle);
        if (PollInterval is { } poll) options.UsePollInterval(poll);
        if (MaxConcurrentWorkflows is { } max) options.UseMaxConcurrentWorkflows(max);
    }

    /// <summary>The values actually in force, read back from the options (they are not public properties).</summary>
    public static IReadOnlyList<string> Describe(WorkflowOptions options) =>
    [
        $"PollInterval={Read(options, "PollInterval")}",
        $"IdleTime={Read(options, "IdleTime")}",
        $"MaxConcurrentWorkflows={Read(options, "MaxConcurrentWorkflows")}",
        $"event consumer max in flight={Math.Max(Environment.ProcessorCount, 2)} (fixed)",
    ];

    private static object? Read(WorkflowOptions options, string field) =>
        typeof(WorkflowOptions).GetField(field, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)?.GetValue(options) ?? "?";
}
