using ConsentFlow.Engine.FollowUps;
using ConsentFlow.Engine.Journal;
using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Runtime;

/// <summary>Where the next document version goes: its number and the document it supersedes.</summary>
public sealed record DocumentSlot(Guid InstanceId, string Kind, int Version, Guid? SupersedesId);

public sealed record ArchivedDocument(Guid Id, Guid InstanceId, Guid? ConsentId, string Kind, int Version, Guid? SupersedesId,
    string Status, string Language, string Sha256, long Size, DateTime CreatedAtUtc);

/// <summary>
/// Immutable generated documents: bytes and SHA-256 are stored once; a regenerated document is a new version that
/// supersedes the previous one, which is kept.
/// </summary>
public sealed class DocumentArchive(IDbContextFactory<ConsentFlowDbContext> contexts, TimeProvider clock, WriteGate gate, FollowUpQueue followUps)
{
    public async Task<DocumentSlot> NextSlotAsync(Guid instanceId, string kind, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var current = await db.Documents.AsNoTracking().Where(d => d.InstanceId == instanceId && d.Kind == kind)
            .OrderByDescending(d => d.Version).Select(d => new { d.Id, d.Version }).FirstOrDefaultAsync(cancellationToken);
        return new DocumentSlot(instanceId, kind, (current?.Version ?? 0) + 1, current?.Id);
    }

    /// <summary>The document a request with this idempotency key stored; null when the key is new.</summary>
    public async Task<ArchivedDocument?> StoredForAsync(IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await claim.PreviousAsync<ArchivedDocument>(db);
    }

    /// <summary>
    /// Stores a generated document in its slot; a slot someone else filled meanwhile is a conflict, never an overwrite.
    /// With a <paramref name="claim"/>, the key is recorded in the same transaction, so a retry finds this document.
    /// With <paramref name="completes"/>, the outbox item it carries out is marked done in the same transaction: a lost
    /// lease stores nothing, so the document of one follow-up is stored once however many processes tried.
    /// </summary>
    public async Task<ArchivedDocument> StoreAsync(DocumentSlot slot, Guid documentId, Guid? consentId, string language, byte[] content,
        string sha256, Actor actor, CancellationToken cancellationToken, IdempotencyClaim? claim = null, FollowUpLease? completes = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var instance = await db.Instances.FirstOrDefaultAsync(i => i.Id == slot.InstanceId, cancellationToken)
            ?? throw new NotFoundException($"Workflow instance {slot.InstanceId}");
        var document = new StoredDocument
        {
            Id = documentId, InstanceId = slot.InstanceId, ConsentId = consentId, Kind = slot.Kind, Version = slot.Version,
            SupersedesId = slot.SupersedesId, Status = DocumentStatus.Current, Language = language, Sha256 = sha256,
            Size = content.LongLength, Content = content, CreatedAtUtc = clock.GetUtcNow().UtcDateTime, CreatedBy = actor.Id,
        };
        db.Documents.Add(document);
        // Superseded in the same SaveChanges as the new version: a lost race leaves the old version current, never none.
        if (slot.SupersedesId is { } previous && await db.Documents.FirstOrDefaultAsync(d => d.Id == previous, cancellationToken) is { } superseded)
            superseded.Status = DocumentStatus.Superseded;
        claim?.Record(db, ToView(document), document.CreatedAtUtc);
        instance.Version++; // documents join the instance's optimistic-concurrency story like any other change
        var journal = new JournalWriter(db, clock);
        journal.Record(JournalStreams.ForInstance(slot.InstanceId), slot.InstanceId, null, actor, "document.stored",
            new { document = documentId, kind = slot.Kind, version = slot.Version, supersedes = slot.SupersedesId, sha256, size = content.LongLength },
            instance.DefinitionId, instance.DefinitionVersion);
        using (await gate.EnterAsync(cancellationToken))
        {
            await journal.ChainAsync(cancellationToken);
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                if (completes is not null) await followUps.CompleteWithinAsync(db, completes, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                throw new ConflictException($"Version {slot.Version} of the {slot.Kind} document was stored by another request; generate it again.");
            }
        }
        return ToView(document);
    }

    public async Task<ArchivedDocument?> FindBySha256Async(string sha256, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var document = await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Sha256 == sha256, cancellationToken);
        return document is null ? null : ToView(document);
    }

    /// <summary>One document's record without its bytes, e.g. for the public "does this document exist" page.</summary>
    public async Task<ArchivedDocument?> FindAsync(Guid documentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Documents.AsNoTracking().Where(d => d.Id == documentId)
            .Select(d => new ArchivedDocument(d.Id, d.InstanceId, d.ConsentId, d.Kind, d.Version, d.SupersedesId, d.Status.ToString(), d.Language, d.Sha256, d.Size, d.CreatedAtUtc))
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ArchivedDocument>> ListAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Documents.AsNoTracking().Where(d => d.InstanceId == instanceId).OrderBy(d => d.Kind).ThenBy(d => d.Version)
            .Select(d => new ArchivedDocument(d.Id, d.InstanceId, d.ConsentId, d.Kind, d.Version, d.SupersedesId, d.Status.ToString(), d.Language, d.Sha256, d.Size, d.CreatedAtUtc))
            .ToListAsync(cancellationToken);
        return rows;
    }

    public async Task<byte[]?> ContentAsync(Guid documentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Documents.AsNoTracking().Where(d => d.Id == documentId).Select(d => d.Content).FirstOrDefaultAsync(cancellationToken);
    }

    private static ArchivedDocument ToView(StoredDocument d) =>
        new(d.Id, d.InstanceId, d.ConsentId, d.Kind, d.Version, d.SupersedesId, d.Status.ToString(), d.Language, d.Sha256, d.Size, d.CreatedAtUtc);
}
