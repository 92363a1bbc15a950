using System.Globalization;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;

namespace ConsentFlow.Documents.Sealing;

/// <summary>Where the visible seal sits: the page (0-based) and the rectangle in PDF user space (origin bottom-left).</summary>
internal sealed record SealPlacement(int PageIndex, XRect Rectangle);

/// <summary>
/// A PAdES certification seal written by us rather than by PDFsharp's signature handler, which fixes the
/// SubFilter to adbe.pkcs7.detached, stamps /M from the machine clock and cannot certify (DocMDP).
/// <see cref="Prepare"/> adds the signature dictionary, its widget and the catalog's /Perms with fixed-size
/// placeholders before the one and only save; <see cref="SealAsync"/> then fills in /ByteRange and /Contents.
/// </summary>
internal static class PadesSeal
{
    const string FieldName = "ClinicSeal";
    // Ten-digit numbers: the patched array never outgrows the placeholder, whatever the file size.
    const string ByteRangePlaceholder = "[0 9999999999 9999999999 9999999999]";

    public static void Prepare(PdfDocument document, SealPlacement placement, CmsPdfSigner signer, DateTimeOffset signedAt, string reason, string location)
    {
        var page = document.Pages[placement.PageIndex];

        var signature = new PdfDictionary(document);
        signature.Elements.SetName("/Type", "/Sig");
        signature.Elements.SetName("/Filter", "/Adobe.PPKLite");
        signature.Elements.SetName("/SubFilter", "/ETSI.CAdES.detached");
        signature.Elements["/ByteRange"] = new PdfLiteral(ByteRangePlaceholder);
        signature.Elements["/Contents"] = new PdfLiteral("<" + new string('0', 2 * signer.MaximumSize) + ">");
        signature.Elements.SetString("/M", PdfDateString(signedAt));
        signature.Elements.SetString("/Reason", reason);
        signature.Elements.SetString("/Location", location);
        signature.Elements.SetString("/Name", signer.SignerName);
        signature.Elements["/Reference"] = new PdfArray(document, DocMdpReference(document));
        document.Internals.AddObject(signature);

        // Pages are in PDFsharp's top-left coordinates while annotations use PDF's bottom-left.
        var rect = placement.Rectangle;
        var height = page.Height.Point;
        var widget = new PdfDictionary(document);
        widget.Elements.SetName("/Type", "/Annot");
        widget.Elements.SetName("/Subtype", "/Widget");
        widget.Elements.SetName("/FT", "/Sig");
        widget.Elements.SetString("/T", FieldName);
        widget.Elements.SetInteger("/F", 4); // Print: the seal shows on paper too (PDF/A requires it).
        widget.Elements["/Rect"] = new PdfRectangle(new XPoint(rect.Left, height - rect.Bottom), new XPoint(rect.Right, height - rect.Top));
        widget.Elements.SetReference("/P", page);
        widget.Elements.SetReference("/V", signature);
        var normal = Appearance(document, rect.Width, rect.Height);
        var appearance = new PdfDictionary(document);
        appearance.Elements.SetReference("/N", normal);
        widget.Elements["/AP"] = appearance;
        document.Internals.AddObject(widget);

        var annotations = page.Elements.GetArray("/Annots");
        if (annotations is null)
            page.Elements["/Annots"] = new PdfArray(document, widget.Reference!);
        else
            annotations.Elements.Add(widget.Reference!);

        var form = new PdfDictionary(document);
        form.Elements["/Fields"] = new PdfArray(document, widget.Reference!);
        form.Elements.SetInteger("/SigFlags", 3); // signatures exist; append only
        document.Internals.Catalog.Elements["/AcroForm"] = form;

        // Certification: the catalog names this signature as the document's DocMDP signature.
        var permissions = new PdfDictionary(document);
        permissions.Elements.SetReference("/DocMDP", signature);
        document.Internals.Catalog.Elements["/Perms"] = permissions;
    }

    /// <summary>Fills /ByteRange and /Contents of the saved file in place: every byte but the signature is signed.</summary>
    public static async Task<byte[]> SealAsync(byte[] prepared, CmsPdfSigner signer, CancellationToken cancellationToken)
    {
        var latin1 = Encoding.Latin1.GetString(prepared);
        var rangeAt = latin1.IndexOf(ByteRangePlaceholder, StringComparison.Ordinal);
        if (rangeAt < 0 || latin1.IndexOf(ByteRangePlaceholder, rangeAt + 1, StringComparison.Ordinal) >= 0)
            throw new InvalidOperationException("the prepared PDF must contain exactly one signature placeholder");
        var placeholder = "<" + new string('0', 2 * signer.MaximumSize) + ">";
        var contentsAt = latin1.IndexOf(placeholder, StringComparison.OrdinalIgnoreCase);
        if (contentsAt < 0)
            throw new InvalidOperationException("the prepared PDF has no signature contents placeholder");

        long start2 = contentsAt + placeholder.Length;
        var byteRange = string.Create(CultureInfo.InvariantCulture, $"[0 {contentsAt} {start2} {prepared.Length - start2}]");
        var pdf = (byte[])prepared.Clone();
        Encoding.ASCII.GetBytes(byteRange.PadRight(ByteRangePlaceholder.Length)).CopyTo(pdf, rangeAt);

        var signed = new byte[contentsAt + (prepared.Length - start2)];
        Array.Copy(pdf, 0, signed, 0, contentsAt);
        Array.Copy(pdf, start2, signed, contentsAt, prepared.Length - start2);
        var cms = await signer.SignAsync(signed, cancellationToken).ConfigureAwait(false);
        if (cms.Length > signer.MaximumSize)
            throw new InvalidOperationException($"the signature ({cms.Length} bytes) is larger than the space reserved for it ({signer.MaximumSize})");
        Encoding.ASCII.GetBytes(Convert.ToHexString(cms)).CopyTo(pdf, contentsAt + 1);
        return pdf;
    }

    /// <summary>DocMDP with P=1: no change of any kind is permitted after this certification.</summary>
    static PdfDictionary DocMdpReference(PdfDocument document)
    {
        var parameters = new PdfDictionary(document);
        parameters.Elements.SetName("/Type", "/TransformParams");
        parameters.Elements.SetInteger("/P", 1);
        parameters.Elements.SetName("/V", "/1.2");
        var reference = new PdfDictionary(document);
        reference.Elements.SetName("/Type", "/SigRef");
        reference.Elements.SetName("/TransformMethod", "/DocMDP");
        reference.Elements["/TransformParams"] = parameters;
        return reference;
    }

    /// <summary>
    /// The widget's appearance: a frame around the seal text, which the page itself prints beneath it.
    /// Only paths, so the appearance needs no font of its own.
    /// </summary>
    static PdfDictionary Appearance(PdfDocument document, double width, double height)
    {
        var stream = new PdfDictionary(document);
        stream.Elements.SetName("/Type", "/XObject");
        stream.Elements.SetName("/Subtype", "/Form");
        stream.Elements["/BBox"] = new PdfRectangle(new XPoint(0, 0), new XPoint(width, height));
        stream.Elements["/Resources"] = new PdfDictionary(document);
        const double Line = 1.2;
        var frame = string.Create(CultureInfo.InvariantCulture,
            $"q 0.2 0.35 0.6 RG {Line} w {Line / 2} {Line / 2} {width - Line:0.##} {height - Line:0.##} re S Q\n");
        stream.CreateStream(Encoding.ASCII.GetBytes(frame));
        document.Internals.AddObject(stream);
        return stream;
    }

    /// <summary>PDF date in UTC, e.g. <c>D:20261201140000Z</c>.</summary>
    internal static string PdfDateString(DateTimeOffset time) =>
        "D:" + time.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "Z";
}
