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
        var allocated = new Dictionary<string, long>();
        for (var i = 0; i < runs + 5; i++)
        {
            var t = Stopwatch.GetTimestamp();
            var a = GC.GetAllocatedBytesForCurrentThread();
            void Mark(string stage)
            {
                if (i >= 5)
                {
                    totals[stage] = totals.GetValueOrDefault(stage) + Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                    allocated[stage] = allocated.GetValueOrDefault(stage) + GC.GetAllocatedBytesForCurrentThread() - a;
                }

                t = Stopwatch.GetTimestamp();
                a = GC.GetAllocatedBytesForCurrentThread();
            }

            using (var doc = new PdfSharp.Pdf.PdfDocument())
            {
                Mark("x new document");
                var type = new ConsentFlow.Documents.Layout.Typography();
                Mark("x typography");
                var blocks = ConsentDocumentComposer.Compose(request, type, seal: false);
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

            using (var built = ConsentPdfBuilder.Build(request, DateTimeOffset.UtcNow, sealPlaced: false).Document)
            {
                Mark("layout");
                using var ms = new MemoryStream();
                built.Save(ms, false);
                Mark("save unsigned");
            }

            var unsigned = ConsentDocumentGenerator.RenderUnsigned(request);
            Mark("layout + save unsigned");
            using (var pig = PdfReadBack.Open(unsigned))
            {
                Mark("pdfpig open");
                _ = pig.GetPage<PdfReadBack.TextOnlyPage>(1).Text;
                Mark("pdfpig page 1 text");
                _ = pig.GetPage<PdfReadBack.TextOnlyPage>(pig.NumberOfPages - 1).Text;
                Mark("pdfpig signature page text");
            }

            using (var pig = UglyToad.PdfPig.PdfDocument.Open(unsigned))
            {
                _ = pig.GetPage(1).Letters.Count;
                Mark("x pdfpig page 1 letters (old)");
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
            Console.WriteLine($"  {stage,-28} {total / runs,8:F2} ms {allocated[stage] / 1024.0 / runs,9:F0} KiB");
    }
}
