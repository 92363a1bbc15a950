using System.Globalization;
using System.Security;
using System.Text;
using PdfSharp.Pdf;

namespace ConsentFlow.Documents.Pdf;

/// <summary>
/// Makes a consent PDF a PDF/A-2b archive file: an sRGB output intent with its ICC profile embedded, and
/// XMP metadata that identifies the conformance and repeats the document information exactly (same title,
/// author, dates), so that archive validators and readers see one story.
/// </summary>
internal static partial class PdfArchive
{
    public const int Part = 2;
    public const string Conformance = "B";
    /// <summary>PDFsharp writes its own name as the producer; the XMP must say exactly the same.</summary>
    public static string Producer => $"PDFsharp {PdfSharp.PdfSharpProductVersionInformation.SemanticVersion}";
    const char Bom = '\uFEFF';
    const string ProfileResource = "ConsentFlow.Documents.ColorProfiles.sRGB.icc";

    static readonly Lazy<byte[]> SrgbProfile = new(() =>
    {
        using var stream = typeof(PdfArchive).Assembly.GetManifestResourceStream(ProfileResource)
            ?? throw new InvalidOperationException($"colour profile resource '{ProfileResource}' is missing from the assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    /// <summary>Sets version, dates, output intent and XMP; call after the Info title, author and subject are set.</summary>
    /// <returns>Our XMP stream, which <see cref="UseOurMetadata"/> must make the catalog's after saving.</returns>
    public static PdfDictionary Apply(PdfDocument document, DateTimeOffset createdAt, string language)
    {
        document.Version = 17;
        var utc = createdAt.ToUniversalTime();
        // One instant for everything: Info, XMP and the seal's /M all come from the same clock reading.
        document.Info.Elements.SetString("/CreationDate", Sealing.PadesSeal.PdfDateString(utc));
        document.Info.Elements.SetString("/ModDate", Sealing.PadesSeal.PdfDateString(utc));
        document.Internals.Catalog.Elements.SetString("/Lang", language);
        AddOutputIntent(document);
        return AddMetadata(document, utc);
    }

    /// <summary>
    /// PDFsharp 6.2.4 replaces the catalog's /Metadata with its own XMP while saving, and that packet cannot
    /// declare PDF/A-2b. Point the catalog back at ours in the saved bytes: the reference is rewritten in
    /// place, padded to the same length, so no offset in the file moves. PDFsharp's packet stays as an
    /// unreferenced object with the same title, author and dates.
    /// </summary>
    public static void UseOurMetadata(byte[] pdf, PdfDictionary ours)
    {
        var latin1 = Encoding.Latin1.GetString(pdf);
        var catalog = CatalogPattern().Match(latin1);
        if (!catalog.Success)
            throw new InvalidOperationException("the saved PDF has no catalog with a metadata reference");
        var group = catalog.Groups[1];
        var replacement = $"{ours.Reference!.ObjectNumber} {ours.Reference.GenerationNumber} R";
        if (replacement.Length > group.Length)
            throw new InvalidOperationException("our metadata reference does not fit in place of PDFsharp's");
        Encoding.ASCII.GetBytes(replacement.PadRight(group.Length)).CopyTo(pdf, group.Index);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"/Type\s*/Catalog[^\n]*?/Metadata\s+(\d+\s+\d+\s+R)")]
    private static partial System.Text.RegularExpressions.Regex CatalogPattern();

    static void AddOutputIntent(PdfDocument document)
    {
        var profile = new PdfDictionary(document);
        profile.Elements.SetInteger("/N", 3);
        profile.CreateStream(SrgbProfile.Value);
        document.Internals.AddObject(profile);

        var intent = new PdfDictionary(document);
        intent.Elements.SetName("/Type", "/OutputIntent");
        intent.Elements.SetName("/S", "/GTS_PDFA1");
        intent.Elements.SetString("/OutputConditionIdentifier", "sRGB IEC61966-2.1");
        intent.Elements.SetString("/Info", "sRGB IEC61966-2.1");
        intent.Elements.SetString("/RegistryName", "http://www.color.org");
        intent.Elements.SetReference("/DestOutputProfile", profile);
        document.Internals.Catalog.Elements["/OutputIntents"] = new PdfArray(document, intent);
    }

    static PdfDictionary AddMetadata(PdfDocument document, DateTimeOffset utc)
    {
        var date = utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var info = document.Info;
        var xml = $"""
            <?xpacket begin="{Bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
            <x:xmpmeta xmlns:x="adobe:ns:meta/">
              <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
                <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
                  <pdfaid:part>{Part}</pdfaid:part>
                  <pdfaid:conformance>{Conformance}</pdfaid:conformance>
                </rdf:Description>
                <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
                  <pdf:Producer>{Escape(Producer)}</pdf:Producer>
                </rdf:Description>
                <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
                  <xmp:CreatorTool>{Escape(info.Creator)}</xmp:CreatorTool>
                  <xmp:CreateDate>{date}</xmp:CreateDate>
                  <xmp:ModifyDate>{date}</xmp:ModifyDate>
                  <xmp:MetadataDate>{date}</xmp:MetadataDate>
                </rdf:Description>
                <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
                  <dc:format>application/pdf</dc:format>
                  <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{Escape(info.Title)}</rdf:li></rdf:Alt></dc:title>
                  <dc:creator><rdf:Seq><rdf:li>{Escape(info.Author)}</rdf:li></rdf:Seq></dc:creator>
                  <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{Escape(info.Subject)}</rdf:li></rdf:Alt></dc:description>
                </rdf:Description>
              </rdf:RDF>
            </x:xmpmeta>
            <?xpacket end="r"?>
            """;
        // Uncompressed, so that archive tools can find the packet without decoding the file.
        var metadata = new PdfDictionary(document);
        metadata.Elements.SetName("/Type", "/Metadata");
        metadata.Elements.SetName("/Subtype", "/XML");
        metadata.CreateStream(Encoding.UTF8.GetBytes(xml));
        document.Internals.AddObject(metadata);
        document.Internals.Catalog.Elements.SetReference("/Metadata", metadata);
        return metadata;
    }

    static string Escape(string value) => SecurityElement.Escape(value);
}
