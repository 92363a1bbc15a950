using PdfSharp.Drawing;

namespace ConsentFlow.Documents.Layout;

/// <summary>A piece of a document that knows how tall its first unbreakable part is and how to flow itself.</summary>
internal interface ILayoutBlock
{
    /// <summary>Height of the part that must follow a heading on the same page.</summary>
    double LeadHeight(PageFlow flow);

    void Render(PageFlow flow);
}

internal sealed record PageBreakBlock : ILayoutBlock
{
    public double LeadHeight(PageFlow flow) => 0;
    public void Render(PageFlow flow) => flow.NewPage();
}

internal sealed record SpacerBlock(double Height) : ILayoutBlock
{
    public double LeadHeight(PageFlow flow) => 0;
    public void Render(PageFlow flow) => flow.Y += Height;
}

/// <summary>A heading; the layout keeps it on the same page as the start of the next block.</summary>
internal sealed record HeadingBlock(string Text, XFont Font, double SpaceBefore = 10, double SpaceAfter = 4) : ILayoutBlock
{
    public double LeadHeight(PageFlow flow) => Height(flow);

    public double Height(PageFlow flow) =>
        (flow.AtPageTop ? 0 : SpaceBefore) + Lines(flow).Count * Typography.LineHeight(Font) + SpaceAfter;

    public void Render(PageFlow flow)
    {
        Typography.EnsureGlyphs(Text, Font, $"heading '{Text}'");
        if (!flow.AtPageTop)
            flow.Y += SpaceBefore;
        foreach (var line in Lines(flow))
        {
            TextPainter.DrawLine(flow.Graphics, line, Font, XBrushes.Black, flow.Left, flow.Y, flow.Width, justify: false, flow.Measure);
            flow.Y += Typography.LineHeight(Font);
        }

        flow.Y += SpaceAfter;
    }

    List<TextLine> Lines(PageFlow flow) => flow.Measure.Wrap(Text, Font, flow.Width);
}

/// <summary>
/// A wrapped paragraph, optionally justified or a bullet item. <paramref name="Location"/> names the
/// paragraph in glyph errors (e.g. "section 'risks' paragraph 3") without quoting its text.
/// </summary>
internal sealed record ParagraphBlock(
    string Text,
    XFont Font,
    string Location,
    bool Justify = true,
    bool Bullet = false,
    double Indent = 0,
    double SpaceAfter = 5,
    XBrush? Brush = null) : ILayoutBlock
{
    const double BulletIndent = 14;

    public double LeadHeight(PageFlow flow) => Math.Min(2, Lines(flow).Count) * Typography.LineHeight(Font);

    public void Render(PageFlow flow)
    {
        Typography.EnsureGlyphs(Text, Font, Location);
        var lineHeight = Typography.LineHeight(Font);
        var lines = Lines(flow);
        var x = flow.Left + TextIndent;
        // Keep the first two lines together so a paragraph never starts with a lone line at a page foot.
        flow.EnsureSpace(LeadHeight(flow));
        for (var i = 0; i < lines.Count; i++)
        {
            flow.EnsureSpace(lineHeight);
            if (Bullet && i == 0)
                flow.Graphics.DrawString("•", Font, Brush ?? XBrushes.Black, flow.Left + Indent + 3, flow.Y, XStringFormats.TopLeft);
            TextPainter.DrawLine(flow.Graphics, lines[i], Font, Brush ?? XBrushes.Black, x, flow.Y, flow.Width - TextIndent, Justify, flow.Measure);
            flow.Y += lineHeight;
        }

        flow.Y += SpaceAfter;
    }

    double TextIndent => Indent + (Bullet ? BulletIndent : 0);

    List<TextLine> Lines(PageFlow flow) => flow.Measure.Wrap(Text, Font, flow.Width - TextIndent);
}

/// <summary>A block of fixed height that must not be split across pages (a signature, the QR code).</summary>
internal abstract record KeepTogetherBlock : ILayoutBlock
{
    public abstract double Height(PageFlow flow);

    public double LeadHeight(PageFlow flow) => Height(flow);

    public void Render(PageFlow flow)
    {
        var height = Height(flow);
        flow.EnsureSpace(height);
        Draw(flow, flow.Left, flow.Y, flow.Width);
        flow.Y += height;
    }

    protected abstract void Draw(PageFlow flow, double x, double y, double width);
}
