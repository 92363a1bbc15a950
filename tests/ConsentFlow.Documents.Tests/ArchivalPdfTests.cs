using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;

namespace ConsentFlow.Documents.Tests;

/// <summary>
/// PDF/A-2b. veraPDF (the reference PDF/A-2 validator) is Java from Maven Central, which this machine cannot reach;
/// the one independent validator the registries offer is PDFBox Preflight from Debian, which knows PDF/A-1b only. So
/// Preflight runs and may report only what PDF/A-2 relaxed, and each PDF/A-2 requirement is also read back with PdfPig.
/// </summary>
public class ArchivalPdfTests
{
    static byte[] English => SampleDocuments.English.Document.Pdf;

    [Theory]
    [InlineData("en")]
    [InlineData("es")]
    public void PDFBox_Preflight_finds_nothing_beyond_what_PDF_A_2_allows(string language)
    {
        var pdf = language == "es" ? SampleDocuments.Spanish.Document.Pdf : English;
        var findings = Preflight.Validate(pdf);

        // Preflight really read our XMP: it objects to the part number, the one thing PDF/A-1 must differ in.
        Assert.Contains(findings, f => f.Code == "7.11.2");
        var errors = findings.Where(f => !Preflight.AllowedInPdfA2(f)).Select(f => $"{f.Code}: {f.Message}").ToList();
        Assert.True(errors.Count == 0, "PDF/A findings:\n" + string.Join("\n", errors));
    }

    [Fact]
    public void Output_intent_embeds_a_valid_sRGB_ICC_profile()
    {
        using var pdf = PdfDocument.Open(English);
        var intents = SealInspection.Get<ArrayToken>(pdf, SealInspection.Catalog(pdf), "OutputIntents");
        var intent = SealInspection.Resolve<DictionaryToken>(pdf, Assert.Single(intents.Data));
        Assert.Equal("GTS_PDFA1", SealInspection.Text(intent.Data["S"]));
        Assert.Equal("sRGB IEC61966-2.1", SealInspection.Text(intent.Data["OutputConditionIdentifier"]));

        var profileStream = SealInspection.Get<StreamToken>(pdf, intent, "DestOutputProfile");
        Assert.Equal(3, ((NumericToken)profileStream.StreamDictionary.Data["N"]).Int);
        var profile = profileStream.Decode(UglyToad.PdfPig.Filters.DefaultFilterProvider.Instance).ToArray();

        // ICC.1 header: size, 'acsp' signature, device class, RGB data colour space, XYZ connection space, v2 or v4.
        Assert.Equal(profile.Length, BinaryPrimitives.ReadInt32BigEndian(profile));
        Assert.Equal("acsp", Encoding.ASCII.GetString(profile, 36, 4));
        Assert.Equal("RGB ", Encoding.ASCII.GetString(profile, 16, 4));
        Assert.Equal("XYZ ", Encoding.ASCII.GetString(profile, 20, 4));
        Assert.Contains(profile[8], new byte[] { 2, 4 });
        // The tag table lies inside the profile and holds the tags an RGB display profile needs.
        var tagCount = BinaryPrimitives.ReadInt32BigEndian(profile.AsSpan(128));
        var tags = Enumerable.Range(0, tagCount).Select(i =>
        {
            var entry = profile.AsSpan(132 + 12 * i);
            var (offset, size) = (BinaryPrimitives.ReadInt32BigEndian(entry[4..]), BinaryPrimitives.ReadInt32BigEndian(entry[8..]));
            Assert.True(offset + size <= profile.Length, "ICC tag outside the profile");
            return Encoding.ASCII.GetString(entry[..4]);
        }).ToList();
        Assert.All(new[] { "rXYZ", "gXYZ", "bXYZ", "rTRC", "gTRC", "bTRC", "wtpt", "desc", "cprt" }, tag => Assert.Contains(tag, tags));
    }

    [Fact]
    public void XMP_identifies_PDF_A_2b_and_repeats_the_document_information()
    {
        using var pdf = PdfDocument.Open(English);
        Assert.True(pdf.TryGetXmpMetadata(out var xmp));
        var xml = xmp.GetXDocument();
        XNamespace id = "http://www.aiim.org/pdfa/ns/id/", dc = "http://purl.org/dc/elements/1.1/", pdfNs = "http://ns.adobe.com/pdf/1.3/", x = "http://ns.adobe.com/xap/1.0/";

        Assert.Equal("2", xml.Descendants(id + "part").Single().Value);
        Assert.Equal("B", xml.Descendants(id + "conformance").Single().Value);
        Assert.Equal(pdf.Information.Title, xml.Descendants(dc + "title").Single().Value);
        Assert.Equal(pdf.Information.Author, xml.Descendants(dc + "creator").Single().Value);
        Assert.Equal(pdf.Information.Subject, xml.Descendants(dc + "description").Single().Value);
        Assert.Equal(pdf.Information.Producer, xml.Descendants(pdfNs + "Producer").Single().Value);
        Assert.Equal(pdf.Information.Creator, xml.Descendants(x + "CreatorTool").Single().Value);

        // PDF/A wants the metadata stream readable without decoding.
        var metadata = SealInspection.Get<StreamToken>(pdf, SealInspection.Catalog(pdf), "Metadata");
        Assert.False(metadata.StreamDictionary.ContainsKey(NameToken.Filter));
    }

    [Fact]
    public void Every_font_is_embedded()
    {
        using var pdf = PdfDocument.Open(English);
        var fonts = 0;
        foreach (var page in pdf.GetPages())
        {
            var resources = SealInspection.Get<DictionaryToken>(pdf, page.Dictionary, "Resources");
            foreach (var (_, token) in SealInspection.Get<DictionaryToken>(pdf, resources, "Font").Data)
            {
                var font = SealInspection.Resolve<DictionaryToken>(pdf, token);
                var descendant = SealInspection.Resolve<DictionaryToken>(pdf, SealInspection.Get<ArrayToken>(pdf, font, "DescendantFonts").Data.Single());
                var descriptor = SealInspection.Get<DictionaryToken>(pdf, descendant, "FontDescriptor");
                Assert.True(descriptor.ContainsKey(NameToken.FontFile2), $"font {SealInspection.Text(font.Data["BaseFont"])} is not embedded");
                fonts++;
            }
        }

        Assert.True(fonts > 0);
    }

    [Fact]
    public void File_is_PDF_1_7_unencrypted_with_an_id_and_no_forbidden_actions()
    {
        using var pdf = PdfDocument.Open(English);
        Assert.False(pdf.IsEncrypted);
        Assert.Equal(1.7, pdf.Version, 3);
        Assert.NotNull(pdf.Structure.Trailer.Identifier);
        var text = Encoding.Latin1.GetString(English);
        Assert.DoesNotContain("/JavaScript", text);
        Assert.DoesNotContain("/EmbeddedFiles", text);
        Assert.DoesNotContain("/LZWDecode", text);
        Assert.DoesNotMatch(new Regex(@"/NeedAppearances\s+true"), text);
        Assert.DoesNotMatch(new Regex(@"/Interpolate\s*true"), text); // the sample's patient signature is a PNG image
        Assert.Contains("/Subtype/Image", text);
        Assert.Contains("File is not encrypted", Poppler.QpdfCheck(English).Output);
    }
}
