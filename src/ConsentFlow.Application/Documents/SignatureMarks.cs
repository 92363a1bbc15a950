using System.Globalization;
using ConsentFlow.Documents.Pdf;

namespace ConsentFlow.Application.Documents;

/// <summary>
/// Reads the signature field as the tablet sends it: a PNG data URL from the signature pad, or
/// <c>strokes:x,y x,y|x,y ...</c> (pen strokes separated by "|", canvas 300×100 unless <c>strokes:WxH;</c> says otherwise).
/// </summary>
public static class SignatureMarks
{
    private const string PngPrefix = "data:image/png;base64,";

    public static SignatureMark Parse(string value)
    {
        if (value.StartsWith(PngPrefix, StringComparison.Ordinal)) return new PngSignature(Convert.FromBase64String(value[PngPrefix.Length..]));
        if (!value.StartsWith("strokes:", StringComparison.Ordinal))
            throw new FormatException("signature: expected a PNG data URL or 'strokes:' pen strokes");

        var body = value["strokes:".Length..];
        double width = 300, height = 100;
        if (body.IndexOf(';') is var semicolon and > 0)
        {
            var size = body[..semicolon].Split('x');
            width = double.Parse(size[0], CultureInfo.InvariantCulture);
            height = double.Parse(size[1], CultureInfo.InvariantCulture);
            body = body[(semicolon + 1)..];
        }
        var strokes = body.Split('|', StringSplitOptions.RemoveEmptyEntries)
            .Select(stroke => (IReadOnlyList<StrokePoint>)stroke.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(point => point.Split(','))
                .Select(xy => new StrokePoint(double.Parse(xy[0], CultureInfo.InvariantCulture), double.Parse(xy[1], CultureInfo.InvariantCulture)))
                .ToList())
            .ToList();
        return new StrokeSignature(width, height, strokes);
    }
}
