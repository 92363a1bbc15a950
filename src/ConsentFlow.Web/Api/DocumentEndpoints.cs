using ConsentFlow.Documents.Sealing;
using ConsentFlow.Engine.Runtime;
using System.Security.Claims;
using ConsentFlow.Identity.Audit;
using ConsentFlow.Web.Security;
using ConsentFlow.Application.Documents;
using ConsentFlow.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace ConsentFlow.Web.Api;

/// <summary>The result of checking an uploaded PDF: is the clinic's seal intact, and are these exact bytes a stored document.</summary>
/// <param name="Seal">PAdES level, DocMDP certification, timestamp and certificate chain of the seal, when one was found.</param>
public sealed record VerificationResult(bool Valid, bool SealValid, bool StoredMatch, string Reason, DocumentView? Document, SealProfile? Seal = null);

/// <summary>Signed consent documents: versions per case, download by opaque id, regeneration and verification.</summary>
public static class DocumentEndpoints
{
    public static void MapDocumentEndpoints(this IEndpointRouteBuilder routes)
    {
        var cases = routes.MapGroup("/api/v1/cases").WithTags("Documents").RequireAuthorization();

        cases.MapGet("/{instanceId:guid}/documents", (Guid instanceId, CaseDocuments documents, CancellationToken ct) =>
            documents.ListAsync(instanceId, ct)).RequireAuthorization(Policies.ReadDocuments).AuditsAccess(AccessKind.DocumentsListed).WithSummary("Document versions of a case, newest first (status current or superseded)");

        cases.MapPost("/{instanceId:guid}/documents", async (Guid instanceId, ClaimsPrincipal user, CaseDocuments documents, CancellationToken ct,
            [FromHeader(Name = Preconditions.IdempotencyKeyHeader)] string? idempotencyKey = null) =>
        {
            var document = await documents.ProduceAsync(instanceId, user.ActorFor(Policies.ProduceDocuments), ct, Preconditions.IdempotencyKey(idempotencyKey));
            return TypedResults.Created(document.Url, document);
        }).RequireAuthorization(Policies.ProduceDocuments).WithBodyLimit(BodyLimits.Small).WithIdempotency()
          .WithSummary("Produce the signed consent document again: a new version that supersedes the current one (a retry with the same Idempotency-Key returns the first)");

        var documentsGroup = routes.MapGroup("/api/v1/documents").WithTags("Documents").RequireAuthorization();

        documentsGroup.MapGet("/{documentId:guid}/pdf", async (Guid documentId, CaseDocuments documents, HttpContext http, HttpResponse response, CancellationToken ct) =>
        {
            if (await documents.ContentAsync(documentId, ct) is not { } found) throw new NotFoundException($"Document {documentId}");
            await AccessAuditing.RecordAsync(http, AccessKind.DocumentDownloaded, found.InstanceId);
            response.Headers[HeaderNames.ETag] = $"\"{found.Document.Sha256}\"";
            response.Headers[HeaderNames.CacheControl] = "private, no-store";
            return Results.File(found.Pdf, "application/pdf", DocumentView.FileName(documentId));
        }).RequireAuthorization(Policies.ReadDocuments).Produces(StatusCodes.Status200OK, typeof(byte[]), "application/pdf").WithSummary("The sealed PDF (attachment with an opaque file name)");

        documentsGroup.MapPost("/verify", async (HttpRequest request, ClinicCertificate certificate, DocumentArchive archive, SealTrust trust, CancellationToken ct) =>
        {
            var pdf = await ReadPdfAsync(request, ct);
            var seal = await DocumentVerification.CheckAsync(pdf, certificate, archive: null, ct, trust.Roots);
            if (!seal.Valid) return new VerificationResult(false, false, false, seal.Reason, null, seal.Seal);
            var stored = await DocumentVerification.CheckAsync(pdf, certificate, archive, ct, trust.Roots);
            return new VerificationResult(stored.Valid, true, stored.Stored is not null, stored.Reason,
                stored.Stored is { } document ? DocumentView.From(document) : null, stored.Seal);
        }).RequireAuthorization(Policies.ReadDocuments).WithBodyLimit(BodyLimits.Pdf)
          .Accepts<byte[]>("application/pdf", "application/octet-stream", "multipart/form-data").WithSummary("Upload PDF bytes (raw application/pdf or a multipart file): seal validity and stored match");
    }

    /// <summary>The uploaded bytes; the endpoint's body limit (20 MB, a consent document is a few hundred kilobytes) answers 413 beyond it.</summary>
    private static async Task<byte[]> ReadPdfAsync(HttpRequest request, CancellationToken ct)
    {
        byte[] pdf;
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(ct);
            }
            catch (Exception malformed) when (malformed is InvalidDataException || (malformed is IOException && malformed is not BadHttpRequestException))
            {
                throw new Engine.Forms.FormValidationException("verify", [new("file", "the multipart body is malformed; upload one PDF file")]);
            }
            var file = form.Files.FirstOrDefault() ?? throw new Engine.Forms.FormValidationException("verify", [new("file", "upload one PDF file")]);
            await using var upload = file.OpenReadStream();
            pdf = await ReadAllAsync(upload, ct);
        }
        else pdf = await ReadAllAsync(request.Body, ct);
        return pdf.Length == 0
            ? throw new Engine.Forms.FormValidationException("verify", [new("body", "send the PDF bytes as the request body")])
            : pdf;
    }

    private static async Task<byte[]> ReadAllAsync(Stream source, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await source.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
