using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace ConsentFlow.Documents.Layout;

/// <summary>
/// Serves Liberation Sans from this assembly's resources, so documents never depend on the fonts of
/// the machine that renders them (the Debian, Windows and CI images all differ).
/// </summary>
internal sealed class EmbeddedFontResolver : IFontResolver
{
    public const string FamilyName = "Liberation Sans";

    static readonly object Gate = new();
    static readonly ConcurrentDictionary<string, byte[]> FaceBytes = new();

    /// <summary>PDFsharp accepts one global resolver per process; install ours once, before any font is used.</summary>
    public static void EnsureInstalled()
    {
        if (GlobalFontSettings.FontResolver is EmbeddedFontResolver)
            return;
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is null)
                GlobalFontSettings.FontResolver = new EmbeddedFontResolver();
            else if (GlobalFontSettings.FontResolver is not EmbeddedFontResolver)
                throw new InvalidOperationException("another PDFsharp font resolver is installed; consent documents need ConsentFlow's embedded fonts");
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        if (!string.Equals(familyName, FamilyName, StringComparison.OrdinalIgnoreCase))
            return null;
        var face = (bold, italic) switch
        {
            (true, _) => "LiberationSans-Bold",
            (false, true) => "LiberationSans-Italic",
            _ => "LiberationSans-Regular",
        };
        return new FontResolverInfo(face);
    }

    public byte[]? GetFont(string faceName) => FaceBytes.GetOrAdd(faceName, LoadResource);

    static byte[] LoadResource(string faceName)
    {
        var name = $"ConsentFlow.Documents.Fonts.{faceName}.ttf";
        using var stream = typeof(EmbeddedFontResolver).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"font resource '{name}' is missing from the assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
