using System.Globalization;

namespace ConsentFlow.Engine.Forms;

/// <summary>One pen position on the signature pad, in CSS pixels from its top left corner.</summary>
public readonly record struct PenPoint(double X, double Y);

/// <summary>
/// A handwritten signature as the signature pad records it: <c>strokes:WxH;x,y x,y|x,y ...</c> — the pad's size, then
/// pen strokes separated by "|", each a list of points (300×100 when the size is left out). This is the only form a
/// signature is accepted in: a word, a data URL or a dot is not someone's hand on the pad.
/// </summary>
public sealed record SignatureStrokes(double Width, double Height, IReadOnlyList<IReadOnlyList<PenPoint>> Strokes)
{
    public const string Prefix = "strokes:";
    public const int MaxCharacters = 500_000;
    public const int MaxPoints = 20_000;
    public const int MinPoints = 3;
    /// <summary>Total pen travel in CSS pixels: a tap or a short tick is not a signature.</summary>
    public const double MinInkLength = 30;
    public const double MaxPadSide = 4000;
    /// <summary>The pad measures the pen against its box including the border, so a point may lie a border's width outside.</summary>
    public const double EdgeTolerance = 8;

    private const double DefaultWidth = 300, DefaultHeight = 100;

    public int PointCount => Strokes.Sum(s => s.Count);

    public double InkLength => Strokes.Sum(s => s.Zip(s.Skip(1), (a, b) => Math.Sqrt((b.X - a.X) * (b.X - a.X) + (b.Y - a.Y) * (b.Y - a.Y))).Sum());

    /// <summary>The strokes, or why the text is not a signature (never quoting it).</summary>
    public static (SignatureStrokes? Signature, string? Error) Parse(string text, int maxCharacters = MaxCharacters)
    {
        const string Shape = "must be pen strokes from the signature pad (strokes:WxH;x,y x,y|x,y ...)";
        if (text.Length > maxCharacters) return (null, $"must be at most {maxCharacters} characters");
        if (!text.StartsWith(Prefix, StringComparison.Ordinal)) return (null, Shape);

        var body = text.AsSpan(Prefix.Length);
        double width = DefaultWidth, height = DefaultHeight;
        if (body.IndexOf(';') is var semicolon and >= 0)
        {
            var size = body[..semicolon];
            var x = size.IndexOf('x');
            if (x < 0 || !TryNumber(size[..x], out width) || !TryNumber(size[(x + 1)..], out height)) return (null, Shape);
            if (width is < 1 or > MaxPadSide || height is < 1 or > MaxPadSide) return (null, $"pad size must be between 1 and {MaxPadSide} pixels each way");
            body = body[(semicolon + 1)..];
        }

        var strokes = new List<IReadOnlyList<PenPoint>>();
        var points = 0;
        foreach (var strokeRange in body.Split('|'))
        {
            var stroke = new List<PenPoint>();
            foreach (var pointRange in body[strokeRange].Split(' '))
            {
                var point = body[strokeRange][pointRange];
                if (point.IsEmpty) continue;
                var comma = point.IndexOf(',');
                if (comma < 0 || !TryNumber(point[..comma], out var px) || !TryNumber(point[(comma + 1)..], out var py))
                    return (null, "coordinates must be finite numbers, x,y");
                if (px < -EdgeTolerance || py < -EdgeTolerance || px > width + EdgeTolerance || py > height + EdgeTolerance)
                    return (null, "has a point outside the signature pad");
                if (++points > MaxPoints) return (null, $"must have at most {MaxPoints} points");
                stroke.Add(new PenPoint(px, py));
            }
            if (stroke.Count > 0) strokes.Add(stroke);
        }
        if (strokes.Count == 0) return (null, "has no pen strokes");
        var signature = new SignatureStrokes(width, height, strokes);
        return signature.PointCount < MinPoints || signature.InkLength < MinInkLength
            ? (null, $"is too short to be a signature (at least {MinPoints} points and {MinInkLength} pixels of ink)")
            : (signature, null);
    }

    private static bool TryNumber(ReadOnlySpan<char> text, out double value) =>
        double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
