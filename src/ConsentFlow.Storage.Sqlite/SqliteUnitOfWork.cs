using System.Data.Common;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ConsentFlow.Storage.Sqlite;

/// <summary>
/// Connections for SQLite group commit. A unit of work reads on one connection opened once for the whole unit; at its
/// save the committer points the unit's context at the shared writer connection, on which the batch commits with the
/// durability pragmas set.
/// </summary>
internal sealed class SqliteUnitOfWork(string connectionString) : IUnitOfWorkConnections
{
    // Contexts without a connection of their own: each lease is handed its reader at once and the writer at its save.
    // The pool is private to units of work, so no other code ever leases a context pointing at a spent connection.
    private readonly PooledDbContextFactory<ConsentFlowDbContext> _contexts = new(new DbContextOptionsBuilder<ConsentFlowDbContext>()
        .UseSqlite(sqlite => sqlite.MigrationsAssembly(typeof(SqliteUnitOfWork).Assembly.GetName().Name))
        .EnableSensitiveDataLogging(false) // query parameters may hold PHI
        .Options);

    public async Task<ConsentFlowDbContext> CreateUnitContextAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        var db = await _contexts.CreateDbContextAsync(cancellationToken);
        db.Database.SetDbConnection(connection, contextOwnsConnection: true);
        // The committer wraps each unit in its own savepoint; EF's would only nest another one inside it.
        db.Database.AutoSavepointsEnabled = false;
        return db;
    }

    public async Task<DbConnection> OpenWriterAsync(CancellationToken cancellationToken) => await OpenAsync(cancellationToken);

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            SqliteDurability.ApplyOnce(connection);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
