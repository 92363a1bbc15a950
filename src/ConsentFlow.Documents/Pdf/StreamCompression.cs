using System.IO.Compression;
using PdfSharp.Pdf;

namespace ConsentFlow.Documents.Pdf;

/// <summary>
/// Compresses the document's streams with .NET's zlib instead of PDFsharp's. PDFsharp 6.2.4 ends every
/// Flate stream it writes (page contents and font files alike) without the final deflate block and the
/// Adler-32 checksum, which qpdf reports as "compressed streams not properly terminated" and strict
/// archive validators reject. Call it after layout and before saving, with PDFsharp's own content
/// compression switched off.
/// </summary>
internal static class StreamCompression
{
    public static void Recompress(PdfDocument document)
    {
        foreach (var dictionary in document.Internals.GetAllObjects().OfType<PdfDictionary>())
        {
            // PDF/A forbids image interpolation, which PDFsharp may switch on for the tablet's signature image.
            if (dictionary.Elements.GetName("/Subtype") == "/Image")
                dictionary.Elements.Remove("/Interpolate");
            if (dictionary.Stream is not { } stream || dictionary.Elements.ContainsKey("/DecodeParms"))
                continue;
            var filter = dictionary.Elements["/Filter"];
            if (filter is null)
            {
                // Metadata stays readable as plain XML for archive tools (PDF/A wants it unfiltered).
                if (dictionary.Elements.GetName("/Type") == "/Metadata")
                    continue;
                stream.Value = Zlib(stream.Value);
                dictionary.Elements.SetName("/Filter", "/FlateDecode");
            }
            else if (filter is PdfName { Value: "/FlateDecode" })
            {
                // PDFsharp's inflater reads its own unterminated output; write it again, properly ended.
                stream.Value = Zlib(stream.UnfilteredValue);
            }
        }
    }

    // Fastest: the file is a little larger, but compressing was a fifth of the time of a signed document at the default level.
    static byte[] Zlib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
            zlib.Write(data);
        return output.ToArray();
    }
}
