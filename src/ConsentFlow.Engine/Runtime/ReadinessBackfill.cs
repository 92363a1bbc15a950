using ConsentFlow.Engine.Publishing;
using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Runtime;

/// <summary>
/// Gives every instance without one its board row: instances from before the read model existed. Runs at start-up
/// after the migrations; on a database where every row exists it is one query that finds nothing.
/// </summary>
internal static class ReadinessBackfill
{
    private const int Batch = 500;

    public static async Task<int> RunAsync(IDbContextFactory<ConsentFlowDbContext> contexts, CancellationToken cancellationToken)
    {
        var catalog = new DefinitionCatalog(contexts, TimeProvider.System);
        var written = 0;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var missing = await db.Instances.AsNoTracking().Where(i => !db.CaseReadiness.Any(r => r.InstanceId == i.Id))
                .OrderBy(i => i.Id).Select(i => i.Id).Take(Batch).ToListAsync(cancellationToken);
            if (missing.Count == 0) return written;
            foreach (var instanceId in missing)
            {
                var session = await InstanceSession.LoadAsync(db, TimeProvider.System, catalog.GetAsync, instanceId, Actor.System, cancellationToken);
                var row = ReadinessProjection.Build(session);
                row.InstanceVersion = session.Instance.Version; // nothing is saved to the instance itself
                db.CaseReadiness.Add(row);
            }
            await db.SaveChangesAsync(cancellationToken);
            written += missing.Count;
        }
    }
}
