using Microsoft.EntityFrameworkCore;
using ConsentFlow.Engine.Runtime;

namespace ConsentFlow.Engine.Storage;

/// <summary>
/// Which database holds the workflow state and what it needs around EF Core: the engine knows only this contract.
/// Each provider (its package, its migrations, its quirks) lives in its storage project: SQLite is the zero-set-up
/// default, SQL Server the production database.
/// </summary>
public abstract class StorageProvider(string connectionString)
{
    public string ConnectionString { get; } = connectionString;

    /// <summary>Points a context at the database and at this provider's migrations.</summary>
    /// <param name="migrationsHistoryTable">Another context on the same database keeps its own history (the identity store does).</param>
    public abstract void Configure(DbContextOptionsBuilder builder, string? migrationsHistoryTable = null);

    /// <summary>Anything the database needs before migrations run (a folder for a file, a stale lock to release).</summary>
    public virtual Task BeforeMigrateAsync(DbContext db, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Held while one process migrates, so app nodes starting together on one server apply each migration once: EF's own
    /// lock is not held across a run of several migrations on every provider.
    /// </summary>
    public virtual Task<IAsyncDisposable> LockMigrationsAsync(CancellationToken cancellationToken) => Task.FromResult(NoMigrationLock);

    protected static IAsyncDisposable NoMigrationLock { get; } = new Unlocked();

    private sealed class Unlocked : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>Anything the database needs once its schema is current (a journal mode, say).</summary>
    public virtual Task AfterMigrateAsync(DbContext db, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>How writers of this process share the database; open unless the database allows one writer at a time.</summary>
    public virtual WriteGate CreateWriteGate() => WriteGate.Open();

    /// <summary>Lets go of pooled connections, so a database file can be copied, archived or deleted.</summary>
    public virtual void ReleaseConnections()
    {
    }
}
