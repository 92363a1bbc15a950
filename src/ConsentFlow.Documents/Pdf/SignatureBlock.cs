using ConsentFlow.Documents.Layout;
using PdfSharp.Drawing;

namespace ConsentFlow.Documents.Pdf;

/// <summary>One signer: the drawn signature on the left; role, printed name, meaning and time on the right.</summary>
internal sealed record SignatureBlock(ConsentSigner Signer, DocumentLabels Labels, int Index) : KeepTogetherBlock
{
    const double MarkWidth = 190;
    const double MarkHeight = 56;
    const double Gap = 16;
    static readonly XPen Ink = new(XColors.Black, 1.2) { LineCap = XLineCap.Round, LineJoin = XLineJoin.Round };

    public override double Height(PageFlow flow)
    {
        var textHeight = TextParts(flow.Typography)
            .Sum(p => flow.Measure.Wrap(p.Text, p.Font, TextWidth(flow.Width)).Count * Typography.LineHeight(p.Font));
        return Math.Max(MarkHeight + 8, textHeight) + 14;
    }

    protected override void Draw(PageFlow flow, double x, double y, double width)
    {
        DrawMark(flow.Graphics, x, y);
        flow.Graphics.DrawLine(XPens.Gray, x, y + MarkHeight + 2, x + MarkWidth, y + MarkHeight + 2);

        var textX = x + MarkWidth + Gap;
        var lineY = y;
        foreach (var (text, font, location) in TextParts(flow.Typography))
        {
            Typography.EnsureGlyphs(text, font, $"signer {Index + 1} {location}");
            foreach (var line in flow.Measure.Wrap(text, font, TextWidth(width)))
            {
                TextPainter.DrawLine(flow.Graphics, line, font, XBrushes.Black, textX, lineY, TextWidth(width), justify: false, flow.Measure);
                lineY += Typography.LineHeight(font);
            }
        }
    }

    static double TextWidth(double width) => width - MarkWidth - Gap;

    IEnumerable<(string Text, XFont Font, string Location)> TextParts(Typography typography)
    {
        yield return ($"{Labels.Roles[Signer.Role]}: {Signer.PrintedName}", typography.BodyBold, "printed name");
        if (!string.IsNullOrWhiteSpace(Signer.Details))
            yield return (Signer.Details, typography.Table, "details");
        yield return ($"{Labels.Meaning}: {Signer.Meaning}", typography.Table, "meaning");
        yield return ($"{Labels.SignedAt}: {SignedAtText(Signer.SignedAt, Signer.TimeZoneId)}", typography.Table, "signing time");
    }

    void DrawMark(XGraphics graphics, double x, double y)
    {
        switch (Signer.Mark)
        {
            case PngSignature png:
                using (var image = LoadImage(png.Png))
                {
                    var scale = Math.Min(MarkWidth / image.PointWidth, MarkHeight / image.PointHeight);
                    graphics.DrawImage(image, x, y + MarkHeight - image.PointHeight * scale, image.PointWidth * scale, image.PointHeight * scale);
                }

                break;
            case StrokeSignature strokes:
                var strokeScale = Math.Min(MarkWidth / strokes.CanvasWidth, MarkHeight / strokes.CanvasHeight);
                foreach (var stroke in strokes.Strokes.Where(s => s.Count > 1))
                    graphics.DrawLines(Ink, stroke.Select(p => new XPoint(x + p.X * strokeScale, y + p.Y * strokeScale)).ToArray());
                break;
        }
    }

    XImage LoadImage(byte[] png)
    {
        try
        {
            return XImage.FromStream(new MemoryStream(png, writable: false));
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or ArgumentException)
        {
            throw new ArgumentException($"signature image of signer {Index + 1} is not a supported PNG (use 8-bit RGB or RGBA, as a tablet canvas exports)", ex);
        }
    }

    /// <summary>E.g. <c>2025-03-14 09:32:05 UTC-04:00 (America/New_York)</c>: local time, offset and zone.</summary>
    internal static string SignedAtText(DateTimeOffset signedAt, string timeZoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var local = TimeZoneInfo.ConvertTime(signedAt, zone);
        return $"{local:yyyy-MM-dd HH:mm:ss} UTC{local:zzz} ({timeZoneId})";
    }
}
