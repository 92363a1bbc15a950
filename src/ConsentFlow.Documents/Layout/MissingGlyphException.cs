namespace ConsentFlow.Documents.Layout;

/// <summary>
/// A character the embedded font cannot draw. Raised instead of letting the PDF show an empty box,
/// because a consent that silently loses letters is not the text the patient agreed to.
/// </summary>
public sealed class MissingGlyphException(int codePoint, string fontFace, string location)
    : Exception($"character U+{codePoint:X4} ({Describe(codePoint)}) is not in font '{fontFace}' (in {location})")
{
    public int CodePoint { get; } = codePoint;
    public string Location { get; } = location;

    // Only the character itself is named, never the text around it, which may be patient data.
    static string Describe(int codePoint) =>
        codePoint < 0x20 || (codePoint >= 0x7F && codePoint < 0xA0) ? "control character" : $"'{char.ConvertFromUtf32(codePoint)}'";
}
