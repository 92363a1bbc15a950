using ConsentFlow.Documents.Layout;
using ConsentFlow.Documents.Pdf;
using PdfSharp.Pdf;
using UglyToad.PdfPig;

namespace ConsentFlow.Documents.Tests;

/// <summary>The layout layer on its own: tables across pages, headings, glyph coverage.</summary>
public class PageLayoutTests
{
    static byte[] Render(Func<Typography, IReadOnlyList<ILayoutBlock>> blocks)
    {
        using var document = new PdfSharp.Pdf.PdfDocument();
        var type = new Typography();
        using (var flow = new PageFlow(document, type))
        {
            DocumentLayout.Render(blocks(type), flow);
            flow.DrawFooters((page, count) => ("test", $"Page {page} of {count}"));
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    static List<string> PageTexts(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return document.GetPages().Select(p => string.Join(' ', p.GetWords().Select(w => w.Text))).ToList();
    }

    [Fact]
    public void Long_table_wraps_cells_and_repeats_its_header_on_every_page()
    {
        var longCell = string.Join(' ', Enumerable.Repeat("wrapped cell text", 12));
        var rows = Enumerable.Range(1, 90).Select(i => (IReadOnlyList<string>)[$"Row {i}", longCell]).ToList();
        var pdf = Render(type => [new TableBlock([new("Item", 1), new("Description of the item", 3)], rows, "test table")]);

        var pages = PageTexts(pdf);
        Assert.True(pages.Count >= 3, $"expected the table to span 3 or more pages, got {pages.Count}");
        Assert.All(pages, page => Assert.StartsWith("Item Description of the item Row", page));
        Assert.Contains("Row 90", pages[^1]);
        Assert.All(Enumerable.Range(1, 90), i => Assert.Single(pages, p => p.Contains($"Row {i} wrapped")));
        Assert.Equal($"Page {pages.Count} of {pages.Count}", pages[^1][^$"Page {pages.Count} of {pages.Count}".Length..]);
    }

    [Fact]
    public void Heading_moves_to_the_next_page_rather_than_being_left_alone_at_the_bottom()
    {
        var filler = string.Join(' ', Enumerable.Repeat("filler", 1570));
        var pdf = Render(type =>
        [
            new ParagraphBlock(filler, type.Body, "filler"),
            new HeadingBlock("Kept heading", type.Heading),
            new ParagraphBlock("First line after the heading. " + filler[..400], type.Body, "after"),
        ]);

        var pages = PageTexts(pdf);
        var headingPage = pages.FindIndex(p => p.Contains("Kept heading"));
        Assert.Contains("First line after the heading.", pages[headingPage]);
        Assert.True(headingPage > 0);
    }

    [Fact]
    public void Justified_lines_end_at_the_right_margin_with_one_real_space_between_words()
    {
        var text = string.Join(' ', Enumerable.Range(1, 120).Select(i => i % 7 == 0 ? "anesthesiology" : i % 3 == 0 ? "a" : "nerve"));
        var pdf = Render(type => [new ParagraphBlock(text, type.Body, "justified")]);

        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var page = document.GetPage(1);
        Assert.Contains(text[..60], page.Text); // real space characters, not gaps, between the words of a line
        Assert.Equal(text, string.Join(' ', page.GetWords().Where(w => w.BoundingBox.Bottom > 100).Select(w => w.Text)));
        var lines = page.GetWords()
            .Where(w => w.BoundingBox.Bottom > 100) // above the footer
            .GroupBy(w => Math.Round(w.BoundingBox.Bottom))
            .OrderByDescending(g => g.Key)
            .ToList();
        Assert.True(lines.Count >= 4, $"expected several lines, got {lines.Count}");
        foreach (var line in lines.SkipLast(1))
            Assert.InRange(line.Max(w => w.BoundingBox.Right), 612 - 54 - 1.5, 612 - 54 + 0.5);
        Assert.True(lines[^1].Max(w => w.BoundingBox.Right) < 612 - 54 - 20, "the last line of a paragraph is not stretched");
    }

    [Fact]
    public void Character_missing_from_the_font_is_an_error_naming_the_character_and_where()
    {
        var error = Assert.Throws<MissingGlyphException>(() =>
            Render(type => [new ParagraphBlock("Patient reads 中 here", type.Body, "section 'risks' paragraph 2")]));

        Assert.Equal(0x4E2D, error.CodePoint);
        Assert.Contains("U+4E2D", error.Message);
        Assert.Contains("section 'risks' paragraph 2", error.Message);
        Assert.DoesNotContain("Patient reads", error.Message);
    }

    [Fact]
    public void Patient_name_with_an_unsupported_character_stops_the_document()
    {
        var request = SampleDocuments.English.Request;
        var error = Assert.Throws<MissingGlyphException>(() =>
            ConsentDocumentGenerator.RenderUnsigned(request with { Patient = request.Patient with { DisplayName = "Maria 😀" } }));
        Assert.Contains("U+1F600", error.Message);
        Assert.Contains("patient and procedure table", error.Message);
    }

    [Fact]
    public void Every_spanish_letter_is_in_the_embedded_font()
    {
        var type = new Typography();
        foreach (var font in new[] { type.Body, type.BodyBold, type.Note, type.Heading })
            Typography.EnsureGlyphs("áéíóúüñÁÉÍÓÚÜÑ¿¡«»–—•€ºª", font, "test");
    }
}
