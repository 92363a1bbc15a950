using System.Globalization;
using ConsentFlow.Documents.Layout;
using PdfSharp.Pdf;

namespace ConsentFlow.Documents.Pdf;

/// <summary>Lays out a consent document on pages and sets the metadata a verifier reads back.</summary>
internal static class ConsentPdfBuilder
{
    /// <summary>Info-dictionary keys; the verifier finds the document id here without parsing page text.</summary>
    public const string DocumentIdKey = "/ConsentFlowDocumentId";
    public const string VersionKey = "/ConsentFlowVersion";
    public const string SupersedesKey = "/ConsentFlowSupersedes";

    public static PdfDocument Build(ConsentDocumentRequest request)
    {
        var document = new PdfDocument();
        document.Options.CompressContentStreams = true;
        // Fastest deflate: the file is a little larger, but compressing (pages and font subsets) was a
        // fifth of the time of a signed document at the default level.
        document.Options.FlateEncodeMode = PdfFlateEncodeMode.BestSpeed;
        SetMetadata(document, request);

        var type = new Typography();
        var labels = DocumentLabels.For(request.Language);
        using var flow = new PageFlow(document, type);
        DocumentLayout.Render(ConsentDocumentComposer.Compose(request, type), flow);
        flow.DrawFooters((page, count) => (
            $"{labels.DocumentId} {request.DocumentId} · {labels.Version} {request.Version.ToString(CultureInfo.InvariantCulture)}",
            string.Format(CultureInfo.InvariantCulture, labels.PageFooter, page, count)));
        return document;
    }

    static void SetMetadata(PdfDocument document, ConsentDocumentRequest request)
    {
        // No patient data in metadata: file browsers and indexers show it without opening the document.
        document.Info.Title = $"{DocumentLabels.For(request.Language).DocumentTitle}: {request.Procedure.TechnicalName}";
        document.Info.Author = request.Clinic.Name;
        document.Info.Creator = "ConsentFlow";
        document.Info.Subject = ConsentDocumentComposer.VerificationPayload(request.DocumentId, request.Version);
        document.Info.Elements.SetString(DocumentIdKey, request.DocumentId.ToString());
        document.Info.Elements.SetInteger(VersionKey, request.Version);
        if (request.SupersedesDocumentId is { } previous)
            document.Info.Elements.SetString(SupersedesKey, previous.ToString());
    }
}
