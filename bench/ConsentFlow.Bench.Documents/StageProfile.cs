using System.Diagnostics;
using ConsentFlow.Documents.Pdf;
using ConsentFlow.Documents.Sealing;

namespace ConsentFlow.Bench.Documents;

/// <summary>--stages: where the time of one signed document goes (layout, save, read-back, seal).</summary>
internal static class StageProfile
{
    public static async Task RunAsync(ConsentDocumentRequest request, ClinicCertificate certificate, int runs)
    {
        var generator = new ConsentDocumentGenerator(certificate);
        var totals = new Dictionary<string, double>();
        for (var i = 0; i < runs + 5; i++)
        {
            var t = Stopwatch.GetTimestamp();
            void Mark(string stage)
            {
                if (i >= 5)
                    totals[stage] = totals.GetValueOrDefault(stage) + Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                t = Stopwatch.GetTimestamp();
            }

            using (var doc = new PdfSharp.Pdf.PdfDocument())
            {
                Mark("x new document");
                var type = new ConsentFlow.Documents.Layout.Typography();
                Mark("x typography");
                var blocks = ConsentDocumentComposer.Compose(request, type);
                Mark("x compose");
                using var flow = new ConsentFlow.Documents.Layout.PageFlow(doc, type);
                Mark("x flow");
                var qr = blocks.Last();
                blocks.RemoveAt(blocks.Count - 1);
                var sigs = blocks.OfType<SignatureBlock>().ToList();
                blocks.RemoveAll(b => b is SignatureBlock);
                ConsentFlow.Documents.Layout.DocumentLayout.Render(blocks, flow);
                Mark("x render text blocks");
                ConsentFlow.Documents.Layout.DocumentLayout.Render(sigs, flow);
                Mark("x render signatures");
                ConsentFlow.Documents.Layout.DocumentLayout.Render([qr], flow);
                Mark("x render qr");
                flow.DrawFooters((a, b) => ("x", "y"));
                Mark("x footers");
            }

            using (var built = ConsentPdfBuilder.Build(request))
            {
                Mark("layout");
                using var ms = new MemoryStream();
                built.Save(ms, false);
                Mark("save unsigned");
            }

            var unsigned = ConsentDocumentGenerator.RenderUnsigned(request);
            Mark("layout + save unsigned");
            using (var pig = UglyToad.PdfPig.PdfDocument.Open(unsigned))
            {
                Mark("pdfpig open");
                var p1 = pig.GetPage(1);
                Mark("pdfpig page 1");
                _ = p1.Letters.Count;
                Mark("pdfpig page 1 letters");
                _ = p1.GetWords().Count();
                Mark("pdfpig page 1 words");
                for (var n = 2; n <= pig.NumberOfPages; n++)
                    _ = pig.GetPage(n).Letters.Count;
                Mark("pdfpig other pages letters");
            }

            using (var reopened = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(unsigned), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Modify))
            {
                Mark("pdfsharp reopen");
                using var ms = new MemoryStream();
                reopened.Save(ms, false);
                Mark("pdfsharp re-save");
            }
            PdfReadBack.Check(unsigned, request);
            Mark("read-back check (PdfPig)");
            await generator.GenerateAsync(request, CancellationToken.None);
            Mark("whole GenerateAsync");
        }

        foreach (var (stage, total) in totals)
            Console.WriteLine($"  {stage,-28} {total / runs,8:F2} ms");
    }
}
