using ConsentFlow.Documents.Pdf;
using ConsentFlow.Engine.Forms;

namespace ConsentFlow.Application.Documents;

/// <summary>
/// Reads a stored signature answer for the PDF: pen strokes in the one format submissions accept
/// (<see cref="SignatureStrokes"/>), or a PNG data URL that an answer stored before strokes were required may still hold.
/// </summary>
public static class SignatureMarks
{
    private const string PngPrefix = "data:image/png;base64,";

    public static SignatureMark Parse(string value)
    {
        if (value.StartsWith(PngPrefix, StringComparison.Ordinal)) return new PngSignature(Convert.FromBase64String(value[PngPrefix.Length..]));
        var (strokes, error) = SignatureStrokes.Parse(value);
        if (strokes is null) throw new FormatException($"signature: {error}");
        return new StrokeSignature(strokes.Width, strokes.Height,
            strokes.Strokes.Select(s => (IReadOnlyList<StrokePoint>)s.Select(p => new StrokePoint(p.X, p.Y)).ToList()).ToList());
    }
}
