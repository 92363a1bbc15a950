using System.Formats.Asn1;
using System.Security.Cryptography.Pkcs;
using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;

namespace ConsentFlow.Documents.Tests;

/// <summary>Reads a sealed PDF the way an outside checker would: the CMS from the bytes, the dictionaries through PdfPig.</summary>
internal static class SealInspection
{
    public static SignedCms Cms(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var range = Regex.Matches(text, @"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)").Last();
        var (gapStart, gapEnd) = (int.Parse(range.Groups[2].Value), int.Parse(range.Groups[3].Value));
        var der = Convert.FromHexString(text[(gapStart + 1)..(gapEnd - 1)]);
        AsnDecoder.ReadEncodedValue(der, AsnEncodingRules.BER, out _, out _, out var consumed);
        var cms = new SignedCms();
        cms.Decode(der.AsSpan(0, consumed)); // the hex string is zero-padded after the DER value
        return cms;
    }

    public static DictionaryToken Catalog(PdfDocument document) => document.Structure.Catalog.CatalogDictionary;

    public static T Resolve<T>(PdfDocument document, IToken token) where T : class, IToken => token switch
    {
        T direct => direct,
        IndirectReferenceToken reference => Resolve<T>(document, document.Structure.GetObject(reference.Data).Data),
        _ => throw new InvalidOperationException($"expected {typeof(T).Name} but found {token.GetType().Name}"),
    };

    public static T Get<T>(PdfDocument document, DictionaryToken dictionary, string key) where T : class, IToken =>
        dictionary.TryGet(NameToken.Create(key), out var token)
            ? Resolve<T>(document, token)
            : throw new KeyNotFoundException($"/{key} is missing");

    /// <summary>The seal's signature dictionary, reached as a reader would: catalog → AcroForm → field → /V.</summary>
    public static DictionaryToken SignatureDictionary(PdfDocument document)
    {
        var form = Get<DictionaryToken>(document, Catalog(document), "AcroForm");
        var field = Resolve<DictionaryToken>(document, Get<ArrayToken>(document, form, "Fields").Data.Single());
        return Get<DictionaryToken>(document, field, "V");
    }

    public static string Text(IToken token) => token switch
    {
        StringToken s => s.Data,
        HexToken h => h.Data,
        NameToken n => n.Data,
        _ => token.ToString() ?? "",
    };
}
