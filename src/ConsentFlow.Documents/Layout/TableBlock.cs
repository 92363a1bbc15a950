using PdfSharp.Drawing;

namespace ConsentFlow.Documents.Layout;

/// <summary>A column of a table: its header text and its share of the table width.</summary>
internal sealed record TableColumn(string Header, double Weight);

/// <summary>
/// A table whose cells wrap. A row is never split; when the next row does not fit, the table
/// continues on a new page and the header row is drawn again there.
/// </summary>
internal sealed record TableBlock(IReadOnlyList<TableColumn> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, string Location, bool ShowHeader = true) : ILayoutBlock
{
    const double Padding = 3;
    static readonly XPen Rule = new(XColors.Gray, 0.5);
    static readonly XBrush HeaderFill = new XSolidBrush(XColor.FromArgb(235, 235, 235));

    public double LeadHeight(PageFlow flow) =>
        (ShowHeader ? RowHeight(flow, Columns.Select(c => c.Header).ToList(), header: true) : 0)
        + (Rows.Count > 0 ? RowHeight(flow, Rows[0], header: false) : 0);

    public void Render(PageFlow flow)
    {
        flow.EnsureSpace(LeadHeight(flow));
        var headerCells = Columns.Select(c => c.Header).ToList();
        if (ShowHeader)
            DrawRow(flow, headerCells, header: true, rowIndex: -1);

        for (var i = 0; i < Rows.Count; i++)
        {
            var height = RowHeight(flow, Rows[i], header: false);
            if (flow.Y + height > flow.Bottom && !flow.AtPageTop)
            {
                flow.NewPage();
                if (ShowHeader)
                    DrawRow(flow, headerCells, header: true, rowIndex: -1);
            }

            DrawRow(flow, Rows[i], header: false, rowIndex: i);
        }

        flow.Y += 6;
    }

    void DrawRow(PageFlow flow, IReadOnlyList<string> cells, bool header, int rowIndex)
    {
        var font = header ? flow.Typography.TableBold : flow.Typography.Table;
        var height = RowHeight(flow, cells, header);
        var widths = ColumnWidths(flow);
        var x = flow.Left;
        if (header)
            flow.Graphics.DrawRectangle(HeaderFill, flow.Left, flow.Y, flow.Width, height);

        for (var c = 0; c < Columns.Count; c++)
        {
            var text = c < cells.Count ? cells[c] : "";
            Typography.EnsureGlyphs(text, font, header ? $"{Location} header" : $"{Location} row {rowIndex + 1} column '{Columns[c].Header}'");
            var y = flow.Y + Padding;
            foreach (var line in flow.Measure.Wrap(text, font, widths[c] - 2 * Padding))
            {
                TextPainter.DrawLine(flow.Graphics, line, font, XBrushes.Black, x + Padding, y, widths[c] - 2 * Padding, justify: false, flow.Measure);
                y += Typography.LineHeight(font);
            }

            x += widths[c];
        }

        flow.Graphics.DrawLine(Rule, flow.Left, flow.Y + height, flow.Left + flow.Width, flow.Y + height);
        flow.Y += height;
    }

    double RowHeight(PageFlow flow, IReadOnlyList<string> cells, bool header)
    {
        var font = header ? flow.Typography.TableBold : flow.Typography.Table;
        var widths = ColumnWidths(flow);
        var lines = 1;
        for (var c = 0; c < Columns.Count && c < cells.Count; c++)
            lines = Math.Max(lines, flow.Measure.Wrap(cells[c], font, widths[c] - 2 * Padding).Count);
        return lines * Typography.LineHeight(font) + 2 * Padding;
    }

    double[] ColumnWidths(PageFlow flow)
    {
        var total = Columns.Sum(c => c.Weight);
        return Columns.Select(c => flow.Width * c.Weight / total).ToArray();
    }
}
