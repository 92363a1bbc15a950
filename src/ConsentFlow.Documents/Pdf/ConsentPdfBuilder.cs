using System.Globalization;
using ConsentFlow.Documents.Layout;
using ConsentFlow.Documents.Sealing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace ConsentFlow.Documents.Pdf;

/// <summary>Lays out a consent document on pages and sets the metadata a verifier reads back.</summary>
internal static class ConsentPdfBuilder
{
    /// <summary>Info-dictionary keys; the verifier finds the document id here without parsing page text.</summary>
    public const string DocumentIdKey = "/ConsentFlowDocumentId";
    public const string VersionKey = "/ConsentFlowVersion";
    public const string SupersedesKey = "/ConsentFlowSupersedes";

    /// <param name="createdAt">The one clock reading used for every date in the file (Info, XMP and the seal's /M).</param>
    /// <param name="sealPlaced">Whether to leave a visible seal box; its area is returned for the seal's widget.</param>
    /// <param name="copyNotice">Set for the patient's copy; see <see cref="ConsentDocumentComposer.Compose"/>.</param>
    public static BuiltDocument Build(ConsentDocumentRequest request, DateTimeOffset createdAt, bool sealPlaced, string? copyNotice = null)
    {
        SealPlacement? seal;
        byte[] laidOut;
        using (var layout = NewDocument())
        {
            var type = new Typography();
            var labels = DocumentLabels.For(request.Language);
            using var flow = new PageFlow(layout, type);
            DocumentLayout.Render(ConsentDocumentComposer.Compose(request, type, sealPlaced, copyNotice), flow);
            flow.DrawHeadersAndFooters(ConsentDocumentComposer.PatientHeader(request), (page, count) => (
                $"{labels.DocumentId} {request.DocumentId} · {labels.Version} {request.Version.ToString(CultureInfo.InvariantCulture)}",
                string.Format(CultureInfo.InvariantCulture, labels.PageFooter, page, count)));
            seal = flow.SealArea;
            flow.Dispose(); // closes the page graphics, which writes the page content streams
            using var stream = new MemoryStream();
            layout.Save(stream, closeStream: false);
            laidOut = stream.ToArray();
        }

        // PDFsharp subsets and embeds the fonts only while saving, so the laid-out pages are saved once, uncompressed,
        // and imported into the document we keep; there every stream, font files included, exists and is compressed
        // by StreamCompression before the one save that counts.
        using var pages = PdfReader.Open(new MemoryStream(laidOut, writable: false), PdfDocumentOpenMode.Import);
        var document = NewDocument();
        SetMetadata(document, request);
        var metadata = PdfArchive.Apply(document, createdAt, request.Language);
        foreach (var page in pages.Pages)
            document.AddPage(page);
        StreamCompression.Recompress(document);
        return new BuiltDocument(document, seal, metadata);
    }

    static PdfDocument NewDocument()
    {
        var document = new PdfDocument();
        // Streams are compressed by StreamCompression (see there why not by PDFsharp, fonts included).
        document.Options.CompressContentStreams = false;
        document.Options.NoCompression = true;
        return document;
    }

    /// <summary>Saves the document and makes our PDF/A metadata the catalog's (see <see cref="PdfArchive.UseOurMetadata"/>).</summary>
    public static async Task<byte[]> SaveAsync(BuiltDocument built)
    {
        using var stream = new MemoryStream();
        await built.Document.SaveAsync(stream, closeStream: false).ConfigureAwait(false);
        var pdf = stream.ToArray();
        PdfArchive.UseOurMetadata(pdf, built.Metadata);
        return pdf;
    }

    static void SetMetadata(PdfDocument document, ConsentDocumentRequest request)
    {
        // No patient data in metadata: file browsers and indexers show it without opening the document.
        // The title is the consent's own title, in the document's language only.
        document.Info.Title = request.Consent.Title;
        document.Info.Author = request.Clinic.Name;
        document.Info.Creator = "ConsentFlow";
        document.Info.Subject = ConsentDocumentComposer.VerificationPayload(request.Clinic, request.DocumentId, request.Version);
        document.Info.Elements.SetString(DocumentIdKey, request.DocumentId.ToString());
        document.Info.Elements.SetInteger(VersionKey, request.Version);
        if (request.SupersedesDocumentId is { } previous)
            document.Info.Elements.SetString(SupersedesKey, previous.ToString());
    }
}

/// <summary>A laid-out document before saving: where its seal goes and which XMP stream is ours.</summary>
internal sealed record BuiltDocument(PdfDocument Document, SealPlacement? Seal, PdfDictionary Metadata) : IDisposable
{
    public void Dispose() => Document.Dispose();
}
