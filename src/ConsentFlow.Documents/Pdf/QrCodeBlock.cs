using ConsentFlow.Documents.Layout;
using PdfSharp.Drawing;
using QRCoder;

namespace ConsentFlow.Documents.Pdf;

/// <summary>
/// A QR code drawn as vector squares (no bitmap to encode and decode, sharp at any zoom), with a caption.
/// </summary>
internal sealed record QrCodeBlock(string Payload, string Caption) : KeepTogetherBlock
{
    const double Size = 110;
    const double Gap = 14;

    public override double Height(PageFlow flow) => Size + 8;

    protected override void Draw(PageFlow flow, double x, double y, double width)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(Payload, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var module = Size / matrix.Count;
        var runs = new List<XRect>();
        for (var row = 0; row < matrix.Count; row++)
        {
            // One rectangle per run of dark modules, all filled at once, keeps the content stream small.
            var column = 0;
            while (column < matrix.Count)
            {
                if (!matrix[row][column]) { column++; continue; }
                var start = column;
                while (column < matrix.Count && matrix[row][column])
                    column++;
                runs.Add(new XRect(x + start * module, y + row * module, (column - start) * module + 0.05, module + 0.05));
            }
        }

        flow.Graphics.DrawRectangles(XBrushes.Black, runs.ToArray());

        var font = flow.Typography.Table;
        var textX = x + Size + Gap;
        var lineY = y + 10;
        foreach (var text in new[] { Caption, Payload })
        {
            Typography.EnsureGlyphs(text, font, "verification caption");
            foreach (var line in flow.Measure.Wrap(text, font, width - Size - Gap))
            {
                TextPainter.DrawLine(flow.Graphics, line, font, XBrushes.Black, textX, lineY, width - Size - Gap, justify: false, flow.Measure);
                lineY += Typography.LineHeight(font);
            }
        }
    }
}
