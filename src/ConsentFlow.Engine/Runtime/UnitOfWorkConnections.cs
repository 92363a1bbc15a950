using System.Data.Common;
using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Engine.Runtime;

/// <summary>
/// What group commit needs from a database that allows one writer at a time: a context per unit of work that reads on
/// its own connection (opened once, not once per query), and a writer connection on which the batched units commit.
/// </summary>
public interface IUnitOfWorkConnections
{
    /// <summary>A fresh, non-pooled context on its own open connection, which the context owns and closes.</summary>
    Task<ConsentFlowDbContext> CreateUnitContextAsync(CancellationToken cancellationToken);

    /// <summary>An open connection with the provider's durability settings applied; the caller disposes it.</summary>
    Task<DbConnection> OpenWriterAsync(CancellationToken cancellationToken);
}
