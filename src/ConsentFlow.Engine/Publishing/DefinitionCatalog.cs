using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Journal;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Publishing;

public sealed record PublishResult(string DefinitionId, int Version, bool Changed);

/// <summary>What the administrator says about a publication and how its scenarios ran.</summary>
public sealed record PublicationDetails(string Note, int ScenariosPassed, int ScenariosFailed, Guid? OverrideId = null, int? RolledBackFromVersion = null);

public sealed record DefinitionVersionInfo(string DefinitionId, int Version, string Sha256, DateTime PublishedAtUtc, string PublishedBy);

/// <summary>
/// Versioned definitions: drafts are saved freely, publishing validates and creates a new version only when the content
/// changed. Running instances keep the version they started with.
/// </summary>
public sealed class DefinitionCatalog(IDbContextFactory<ConsentFlowDbContext> contexts, TimeProvider clock)
{
    private readonly ConcurrentDictionary<(string, int), WorkflowDefinition> _published = new();

    /// <summary>Validates and publishes; an invalid definition throws <see cref="InvalidDefinitionException"/> and changes nothing.</summary>
    public Task<PublishResult> PublishAsync(string json, string file, Actor actor, CancellationToken cancellationToken) =>
        PublishAsync(json, file, actor, details: null, cancellationToken);

    /// <summary>
    /// Publishes with the administrator's change note: the note, the readable diff against the version before and the
    /// scenario outcome are stored with the version in the same transaction (see <see cref="Publications"/> for the gate).
    /// </summary>
    public async Task<PublishResult> PublishAsync(string json, string file, Actor actor, PublicationDetails? details, CancellationToken cancellationToken)
    {
        var (definition, problems) = DefinitionLoader.Check(json, file);
        if (definition is null) throw new InvalidDefinitionException(problems);

        var hash = Sha256(json);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var latest = await db.Definitions.Where(d => d.DefinitionId == definition.Id && d.State == DefinitionState.Published)
            .OrderByDescending(d => d.Version).FirstOrDefaultAsync(cancellationToken);
        if (latest?.Sha256 == hash) return new PublishResult(definition.Id, latest.Version, Changed: false);

        var version = (latest?.Version ?? 0) + 1;
        var now = clock.GetUtcNow().UtcDateTime;
        db.Definitions.Add(new StoredDefinition
        {
            Id = Ids.New(), DefinitionId = definition.Id, Version = version, State = DefinitionState.Published,
            Json = json, Sha256 = hash, CreatedAtUtc = now, CreatedBy = actor.Id,
        });
        var journal = new JournalWriter(db, clock);
        if (details is null)
        {
            journal.Record(JournalStreams.Definitions, null, null, actor, "definition.published",
                new { definition = definition.Id, version, sha256 = hash, previous = latest?.Version }, definition.Id, version);
        }
        else
        {
            var before = latest is null ? null : DefinitionLoader.Check(latest.Json, $"{definition.Id}@{latest.Version}").Definition;
            var changes = DefinitionDiff.Compare(before, definition, latest?.Version);
            if (details.OverrideId is { } overrideId) await UseOverrideAsync(db, overrideId, definition.Id, hash, cancellationToken);
            db.Set<DefinitionPublication>().Add(new DefinitionPublication
            {
                Id = Ids.New(), DefinitionId = definition.Id, Version = version, Note = details.Note, DiffSummary = changes.Summary,
                PublishedBy = actor.Id, PublishedAtUtc = now, ScenariosPassed = details.ScenariosPassed, ScenariosFailed = details.ScenariosFailed,
                OverrideId = details.OverrideId, RolledBackFromVersion = details.RolledBackFromVersion,
            });
            journal.Record(JournalStreams.Definitions, null, null, actor, "definition.published",
                new
                {
                    definition = definition.Id, version, sha256 = hash, previous = latest?.Version, note = details.Note, changes = changes.Changes.Count,
                    scenariosPassed = details.ScenariosPassed, scenariosFailed = details.ScenariosFailed, @override = details.OverrideId,
                    rolledBackFrom = details.RolledBackFromVersion,
                }, definition.Id, version);
        }
        await journal.ChainAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException($"Version {version} of workflow '{definition.Id}' was published by someone else at the same time; reload and publish again.");
        }
        _published[(definition.Id, version)] = definition;
        return new PublishResult(definition.Id, version, Changed: true);
    }

    /// <summary>An approved override lets exactly the draft it was approved for through, once.</summary>
    private static async Task UseOverrideAsync(ConsentFlowDbContext db, Guid overrideId, string definitionId, string hash, CancellationToken cancellationToken)
    {
        var approved = await db.Set<PublicationOverride>().FirstOrDefaultAsync(o => o.Id == overrideId, cancellationToken);
        if (approved is null || approved.DefinitionId != definitionId) throw new NotFoundException($"Override {overrideId} of workflow '{definitionId}'");
        if (approved.DraftSha256 != hash) throw new RejectedException("The override was approved for other content; the draft changed since, so ask for a new override.");
        if (approved.Status != PublicationOverrideStatus.Approved)
            throw new RejectedException(approved.Status == PublicationOverrideStatus.Used
                ? "The override was already used for a publication."
                : "The override still needs a second administrator's approval.");
        approved.Status = PublicationOverrideStatus.Used;
        approved.Version++;
    }

    /// <summary>The exact text of a published version (for history and roll back).</summary>
    public async Task<string> GetJsonAsync(string definitionId, int version, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Definitions.Where(d => d.DefinitionId == definitionId && d.Version == version && d.State == DefinitionState.Published)
            .Select(d => d.Json).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"Workflow '{definitionId}' version {version}");
    }

    public async Task<IReadOnlyList<DefinitionVersionInfo>> ListVersionsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Definitions.AsNoTracking().Where(d => d.State == DefinitionState.Published)
            .OrderBy(d => d.DefinitionId).ThenBy(d => d.Version)
            .Select(d => new DefinitionVersionInfo(d.DefinitionId, d.Version, d.Sha256, d.CreatedAtUtc, d.CreatedBy))
            .ToListAsync(cancellationToken);
    }

    public async Task<(WorkflowDefinition Definition, int Version)> GetLatestAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await GetLatestAsync(db, definitionId, cancellationToken);
    }

    /// <summary>The same, read on a unit of work's own open context: a booking asks on every new case.</summary>
    internal async Task<(WorkflowDefinition Definition, int Version)> GetLatestAsync(ConsentFlowDbContext db, string definitionId, CancellationToken cancellationToken)
    {
        var version = await Runtime.SessionQueries.LatestPublishedVersion(db, definitionId) ?? throw new NotFoundException($"Published workflow '{definitionId}'");
        return (await GetAsync(definitionId, version, cancellationToken), version);
    }


    public async Task<WorkflowDefinition> GetAsync(string definitionId, int version, CancellationToken cancellationToken)
    {
        if (_published.TryGetValue((definitionId, version), out var cached)) return cached;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var json = await db.Definitions.Where(d => d.DefinitionId == definitionId && d.Version == version && d.State == DefinitionState.Published)
            .Select(d => d.Json).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"Workflow '{definitionId}' version {version}");
        var (definition, problems) = DefinitionLoader.Check(json, $"{definitionId}@{version}");
        if (definition is null) throw new InvalidDefinitionException(problems);
        return _published.GetOrAdd((definitionId, version), definition);
    }

    private static string Sha256(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
}
