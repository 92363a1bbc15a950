using System.Security.Cryptography;
using System.Text;
using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Publishing;

/// <summary>
/// Each administrator's drafts with their history. A draft is saved as it is (valid or not, so work is never lost);
/// validation happens in the editor as they type and again when publishing.
/// </summary>
public sealed class DraftStore(IDbContextFactory<ConsentFlowDbContext> contexts, TimeProvider clock)
{
    private const int SaveAttempts = 5;

    /// <summary>Saves the text as the owner's next revision; saving the same text as the latest revision adds nothing.</summary>
    public Task<DraftRevisionInfo> SaveAsync(string definitionId, string owner, string json, int? baseVersion, CancellationToken cancellationToken) =>
        AppendAsync(definitionId, owner, json, baseVersion, restoredFrom: null, cancellationToken);

    /// <summary>Brings back an earlier revision as the newest one (the history keeps everything in between).</summary>
    public async Task<DraftRevisionInfo> RestoreAsync(string definitionId, string owner, int revision, CancellationToken cancellationToken)
    {
        var earlier = await GetAsync(definitionId, owner, revision, cancellationToken)
            ?? throw new Runtime.NotFoundException($"Revision {revision} of your draft of '{definitionId}'");
        return await AppendAsync(definitionId, owner, earlier.Json, earlier.Info.BaseVersion, revision, cancellationToken);
    }

    public async Task<DraftRevisionText?> LatestAsync(string definitionId, string owner, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await Of(db, definitionId, owner).OrderByDescending(d => d.Revision).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new DraftRevisionText(Info(row), row.Json);
    }

    public async Task<DraftRevisionText?> GetAsync(string definitionId, string owner, int revision, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await Of(db, definitionId, owner).FirstOrDefaultAsync(d => d.Revision == revision, cancellationToken);
        return row is null ? null : new DraftRevisionText(Info(row), row.Json);
    }

    /// <summary>The owner's revisions of one definition, newest first.</summary>
    public async Task<IReadOnlyList<DraftRevisionInfo>> HistoryAsync(string definitionId, string owner, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Of(db, definitionId, owner).OrderByDescending(d => d.Revision)
            .Select(d => new DraftRevisionInfo(d.DefinitionId, d.Revision, d.BaseVersion, d.RestoredFrom, d.SavedAtUtc, d.Sha256))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The latest revision of each definition the owner has a draft of.</summary>
    public async Task<IReadOnlyList<DraftRevisionInfo>> DraftsOfAsync(string owner, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var latest = await db.Set<DraftRevision>().AsNoTracking().Where(d => d.Owner == owner)
            .GroupBy(d => d.DefinitionId).Select(g => new { DefinitionId = g.Key, Revision = g.Max(d => d.Revision) })
            .ToListAsync(cancellationToken);
        var result = new List<DraftRevisionInfo>();
        foreach (var draft in latest.OrderBy(d => d.DefinitionId, StringComparer.Ordinal))
        {
            var row = await Of(db, draft.DefinitionId, owner).FirstAsync(d => d.Revision == draft.Revision, cancellationToken);
            result.Add(Info(row));
        }
        return result;
    }

    private async Task<DraftRevisionInfo> AppendAsync(string definitionId, string owner, string json, int? baseVersion, int? restoredFrom, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(definitionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var latest = await Of(db, definitionId, owner).OrderByDescending(d => d.Revision).FirstOrDefaultAsync(cancellationToken);
            if (latest is not null && latest.Sha256 == hash && restoredFrom is null) return Info(latest);
            var row = new DraftRevision
            {
                Id = Ids.New(), DefinitionId = definitionId, Owner = owner, Revision = (latest?.Revision ?? 0) + 1,
                Json = json, Sha256 = hash, BaseVersion = baseVersion, RestoredFrom = restoredFrom,
                SavedAtUtc = clock.GetUtcNow().UtcDateTime,
            };
            db.Add(row);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return Info(row);
            }
            catch (DbUpdateException) when (attempt < SaveAttempts)
            {
                // The same administrator saved from a second tab at the same moment: take the next number.
            }
        }
    }

    private static IQueryable<DraftRevision> Of(ConsentFlowDbContext db, string definitionId, string owner) =>
        db.Set<DraftRevision>().AsNoTracking().Where(d => d.DefinitionId == definitionId && d.Owner == owner);

    private static DraftRevisionInfo Info(DraftRevision row) =>
        new(row.DefinitionId, row.Revision, row.BaseVersion, row.RestoredFrom, row.SavedAtUtc, row.Sha256);
}
