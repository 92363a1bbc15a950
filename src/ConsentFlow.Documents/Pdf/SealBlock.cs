using ConsentFlow.Documents.Layout;
using ConsentFlow.Documents.Sealing;
using PdfSharp.Drawing;

namespace ConsentFlow.Documents.Pdf;

/// <summary>
/// The visible, printable seal: a framed statement of who sealed the document and what the seal means.
/// The seal's widget annotation is placed over exactly this area, so a PDF reader's signature panel and
/// the paper copy point at the same box.
/// </summary>
internal sealed record SealBlock(IReadOnlyList<string> Lines) : KeepTogetherBlock
{
    const double Padding = 6;

    public override double Height(PageFlow flow) =>
        Lines.Select((l, i) => flow.Measure.Wrap(l, Font(flow, i), flow.Width - 2 * Padding).Count * Typography.LineHeight(Font(flow, i))).Sum() + 2 * Padding;

    static XFont Font(PageFlow flow, int line) => line == 0 ? flow.Typography.TableBold : flow.Typography.Table;

    protected override void Draw(PageFlow flow, double x, double y, double width)
    {
        var lineY = y + Padding;
        for (var i = 0; i < Lines.Count; i++)
        {
            var text = Lines[i];
            var lineFont = Font(flow, i);
            Typography.EnsureGlyphs(text, lineFont, "seal statement");
            foreach (var line in flow.Measure.Wrap(text, lineFont, width - 2 * Padding))
            {
                TextPainter.DrawLine(flow.Graphics, line, lineFont, XBrushes.Black, x + Padding, lineY, width - 2 * Padding, justify: false, flow.Measure);
                lineY += Typography.LineHeight(lineFont);
            }
        }

        flow.SealArea = new SealPlacement(flow.PageIndex, new XRect(x, y, width, Height(flow)));
    }
}
