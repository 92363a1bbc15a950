using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Publishing;

/// <summary>
/// One published version: who, when, the note and the diff summary. Versions published before change notes existed
/// (or by deployment from the workflows folder) have no note.
/// </summary>
public sealed record VersionEntry(string DefinitionId, int Version, DateTime PublishedAtUtc, string PublishedBy, string Sha256, string? Note,
    string? DiffSummary, int? RolledBackFromVersion, Guid? OverrideId, int? ScenariosPassed, int? ScenariosFailed);

/// <summary>Version history per definition, newest first, and the readable diff of any version against the one before.</summary>
public sealed class PublicationHistory(IDbContextFactory<ConsentFlowDbContext> contexts, DefinitionCatalog catalog)
{
    public async Task<IReadOnlyList<VersionEntry>> ForAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var versions = await db.Definitions.AsNoTracking()
            .Where(d => d.DefinitionId == definitionId && d.State == DefinitionState.Published)
            .Select(d => new { d.Version, d.CreatedAtUtc, d.CreatedBy, d.Sha256 }).ToListAsync(cancellationToken);
        var notes = await db.Set<DefinitionPublication>().AsNoTracking().Where(p => p.DefinitionId == definitionId)
            .ToDictionaryAsync(p => p.Version, cancellationToken);
        return versions.OrderByDescending(v => v.Version).Select(v =>
        {
            var note = notes.GetValueOrDefault(v.Version);
            return new VersionEntry(definitionId, v.Version, v.CreatedAtUtc, v.CreatedBy, v.Sha256, note?.Note, note?.DiffSummary,
                note?.RolledBackFromVersion, note?.OverrideId, note?.ScenariosPassed, note?.ScenariosFailed);
        }).ToList();
    }

    /// <summary>What <paramref name="version"/> changed compared with the version before it (everything is new for version 1).</summary>
    public async Task<DefinitionChanges> DiffAsync(string definitionId, int version, CancellationToken cancellationToken)
    {
        var after = await catalog.GetAsync(definitionId, version, cancellationToken);
        var before = version > 1 ? await catalog.GetAsync(definitionId, version - 1, cancellationToken) : null;
        return DefinitionDiff.Compare(before, after, version > 1 ? version - 1 : null);
    }
}
