using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFlow.Application.Documents;

/// <summary>One stored document version as the API and the case page show it; the URL carries only the opaque document id.</summary>
public sealed record DocumentView(
    Guid Id, string Kind, int Version, string Status, Guid? SupersedesId, Guid? ConsentId, string Language, string Sha256, long Size,
    DateTime CreatedAtUtc, string Url)
{
    public const string StatusCurrent = "current";
    public const string StatusSuperseded = "superseded";

    public static string PdfUrl(Guid documentId) => $"/api/v1/documents/{documentId}/pdf";

    /// <summary>An opaque file name: document id and version, never the patient's name.</summary>
    public static string FileName(Guid documentId) => $"consent-{documentId:N}.pdf";

    public static DocumentView From(ArchivedDocument d) => new(
        d.Id, d.Kind, d.Version, d.Status.ToLowerInvariant(), d.SupersedesId, d.ConsentId, d.Language, d.Sha256, d.Size, d.CreatedAtUtc, PdfUrl(d.Id));
}

/// <summary>A stored PDF with its metadata and the case it belongs to (for the access audit).</summary>
public sealed record DocumentContent(byte[] Pdf, DocumentView Document, Guid InstanceId);

/// <summary>The consent documents of a case: list, produce (a new version superseding the current one), read the bytes.</summary>
public sealed class CaseDocuments(IDbContextFactory<ConsentFlowDbContext> contexts, DocumentArchive archive, IServiceProvider services)
{
    // Resolved on use: the templates and certificate load lazily, so a broken template folder fails production, not the whole host.
    private ConsentDocumentService Producer => services.GetRequiredService<ConsentDocumentService>();

    public async Task<IReadOnlyList<DocumentView>> ListAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await EnsureInstanceAsync(instanceId, cancellationToken);
        var documents = await archive.ListAsync(instanceId, cancellationToken);
        return documents.OrderByDescending(d => d.Version).Select(DocumentView.From).ToList();
    }

    /// <param name="idempotencyKey">A retry with the same key returns the version the first request produced instead of another one.</param>
    public async Task<DocumentView> ProduceAsync(Guid instanceId, Actor actor, CancellationToken cancellationToken, string? idempotencyKey = null)
    {
        await EnsureInstanceAsync(instanceId, cancellationToken);
        var claim = IdempotencyClaim.For(idempotencyKey, "document.produce", actor.Id, instanceId);
        if (claim is not null && await archive.StoredForAsync(claim, cancellationToken) is { } first) return DocumentView.From(first);
        try
        {
            return DocumentView.From((await Producer.ProduceAsync(instanceId, actor, cancellationToken, claim)).Document);
        }
        catch (ConflictException) when (claim is not null)
        {
            // A retry racing the first request loses the slot to it and answers with the first request's document.
            if (await archive.StoredForAsync(claim, cancellationToken) is { } winner) return DocumentView.From(winner);
            throw;
        }
    }

    /// <summary>The newest document of this consent; null while none is stored (its outbox item is still pending).</summary>
    public async Task<DocumentView?> ForConsentAsync(Guid instanceId, Guid consentId, CancellationToken cancellationToken)
    {
        var existing = (await archive.ListAsync(instanceId, cancellationToken))
            .Where(d => d.ConsentId == consentId && d.Kind == ConsentDocumentService.DocumentKind).MaxBy(d => d.Version);
        return existing is null ? null : DocumentView.From(existing);
    }

    public async Task<DocumentContent?> ContentAsync(Guid documentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Documents.AsNoTracking().Where(d => d.Id == documentId).FirstOrDefaultAsync(cancellationToken);
        if (row is null) return null;
        var view = new DocumentView(row.Id, row.Kind, row.Version, row.Status.ToString().ToLowerInvariant(), row.SupersedesId, row.ConsentId,
            row.Language, row.Sha256, row.Size, row.CreatedAtUtc, DocumentView.PdfUrl(row.Id));
        return new DocumentContent(row.Content, view, row.InstanceId);
    }

    private async Task EnsureInstanceAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Instances.AnyAsync(i => i.Id == instanceId, cancellationToken)) throw new NotFoundException($"Workflow instance {instanceId}");
    }
}
