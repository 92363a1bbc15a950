using ConsentFlow.Engine.FollowUps;
using ConsentFlow.Engine.Runtime;

namespace ConsentFlow.Application.FollowUps;

/// <summary>Carries out one kind of outbox item. Must be idempotent: the item may have been half done by a crashed process.</summary>
public interface IFollowUpHandler
{
    string Kind { get; }

    /// <summary>Does the work and marks <paramref name="lease"/> done in the same transaction as the work it stores.</summary>
    Task HandleAsync(FollowUpLease lease, Actor actor, CancellationToken cancellationToken);
}
