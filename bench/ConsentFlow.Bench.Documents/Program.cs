using System.Diagnostics;
using ConsentFlow.Bench.Documents;
using ConsentFlow.Documents.Pdf;
using ConsentFlow.Documents.Sealing;

// Signed consent PDFs per document: ConsentFlow.Documents on 1 and 2 threads, against headless
// Chromium printing the same content from HTML (warm = one long-lived browser over DevTools; cold = a
// browser process per document, after warm-up runs). Stops by itself; --quick for a short run.
var quick = args.Contains("--quick");
var documents = quick ? 40 : 400;
var warmUp = quick ? 10 : 50;
var chromiumRuns = quick ? 8 : 40;
var coldRuns = quick ? 3 : 10;
var chromium = args.SkipWhile(a => a != "--chromium").Skip(1).FirstOrDefault() ?? ChromiumCli.DefaultPath;

var root = FindRepositoryRoot();
var work = Directory.CreateTempSubdirectory("consentflow-bench-documents-").FullName;
using var certificate = ClinicCertificate.LoadOrCreateDevelopment(Path.Combine(Path.GetTempPath(), "consentflow-bench-data"));
var generator = new ConsentDocumentGenerator(certificate);
var request = await BenchCase.CreateAsync(Path.Combine(root, "workflows", "consent-templates"));

if (args.SkipWhile(a => a != "--loop").Skip(1).FirstOrDefault() is { } loopSeconds)
{
    // For a sampling profiler (dotnet-trace), or a quick A/B: documents back to back for the given seconds.
    var until = Stopwatch.StartNew();
    var times = new List<double>();
    var cpuAtWarm = TimeSpan.Zero;
    var allocatedAtWarm = 0L;
    var gen0AtWarm = 0;
    while (until.Elapsed.TotalSeconds < double.Parse(loopSeconds, System.Globalization.CultureInfo.InvariantCulture))
    {
        var started = Stopwatch.GetTimestamp();
        await generator.GenerateAsync(request, CancellationToken.None);
        times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (times.Count == 20)
        {
            cpuAtWarm = Process.GetCurrentProcess().TotalProcessorTime;
            allocatedAtWarm = GC.GetTotalAllocatedBytes();
            gen0AtWarm = GC.CollectionCount(0);
        }
    }

    // CPU time per document is steadier than latency when other work shares the machine.
    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuAtWarm).TotalMilliseconds / Math.Max(1, times.Count - 20);

    var loop = new Timings("loop (first 20 dropped as warm-up)", times.Skip(20).ToList(), until.Elapsed);
    var measured = Math.Max(1, times.Count - 20);
    Console.WriteLine($"{loop}  cpu {cpu:F2} ms/doc  {(GC.GetTotalAllocatedBytes() - allocatedAtWarm) / 1048576.0 / measured:F2} MiB/doc  {(GC.CollectionCount(0) - gen0AtWarm) / (double)measured:F2} GCs/doc");
    return 0;
}

if (args.Contains("--stages"))
{
    await StageProfile.RunAsync(request, certificate, runs: 30);
    return 0;
}

Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {(quick ? "quick" : "full")} run");
for (var i = 0; i < warmUp; i++)
    await generator.GenerateAsync(request, CancellationToken.None);
var sample = await generator.GenerateAsync(request, CancellationToken.None);
var verification = SealedPdfVerifier.Verify(sample.Pdf, certificate.Certificate);
Console.WriteLine($"sample: {sample.Pdf.Length / 1024.0:F1} KiB, seal: {verification.Reason}");

var results = new List<Timings>
{
    await Measure("ConsentFlow signed, 1 thread", documents, threads: 1, () => generator.GenerateAsync(request, CancellationToken.None)),
    await Measure("ConsentFlow signed, 2 threads", documents, threads: 2, () => generator.GenerateAsync(request, CancellationToken.None)),
};

var htmlFile = Path.Combine(work, "consent.html");
await File.WriteAllTextAsync(htmlFile, HtmlConsent.Render(request));
Timings? warm = null, cold = null;
if (File.Exists(chromium))
{
    try
    {
        await using var browser = await ChromiumDevTools.StartAsync(chromium, TimeSpan.FromSeconds(30));
        for (var i = 0; i < 3; i++)
            await browser.PrintAsync(htmlFile);
        warm = await Measure("Chromium warm (DevTools printToPDF), 1 thread", chromiumRuns, threads: 1, () => browser.PrintAsync(htmlFile));
        results.Add(warm);
    }
    catch (Exception ex) when (ex is InvalidOperationException or System.Net.WebSockets.WebSocketException)
    {
        Console.WriteLine($"warm Chromium skipped: {ex.Message}");
    }

    var pdfFile = Path.Combine(work, "chromium.pdf");
    for (var i = 0; i < 2; i++)
        await ChromiumCli.PrintAsync(chromium, htmlFile, pdfFile, TimeSpan.FromSeconds(60));
    cold = await Measure("Chromium cold (process per document), 1 thread", coldRuns, threads: 1, () => ChromiumCli.PrintAsync(chromium, htmlFile, pdfFile, TimeSpan.FromSeconds(60)));
    results.Add(cold);
}
else
{
    Console.WriteLine($"{chromium} not found: Chromium peer skipped (apt-get install -y chromium)");
}

Console.WriteLine();
Console.WriteLine("summary");
results.ForEach(r => Console.WriteLine("  " + r));
var ours = results[0];
Console.WriteLine($"  target median ≤ 15 ms signed: {(ours.Median <= 15 ? "met" : "NOT met")} ({ours.Median:F2} ms)");
if (warm is not null)
    Console.WriteLine($"  warm Chromium / ConsentFlow median: {warm.Median / ours.Median:F1}× (target ≥ 8×: {(warm.Median / ours.Median >= 8 ? "met" : "NOT met")})");
if (cold is not null)
    Console.WriteLine($"  cold Chromium / ConsentFlow median: {cold.Median / ours.Median:F1}×");
Directory.Delete(work, recursive: true);
return 0;

static async Task<Timings> Measure(string scenario, int count, int threads, Func<Task> run)
{
    var samples = new double[count];
    var next = -1;
    var wall = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, threads).Select(_ => Task.Run(async () =>
    {
        int index;
        while ((index = Interlocked.Increment(ref next)) < count)
        {
            var started = Stopwatch.GetTimestamp();
            await run();
            samples[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
    })));
    var result = new Timings(scenario, samples, wall.Elapsed);
    Console.WriteLine(result);
    return result;
}

static string FindRepositoryRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "workflows", "consent-templates")))
                return dir.FullName;
        }
    }

    throw new DirectoryNotFoundException("run the benchmark inside the repository: workflows/consent-templates not found");
}
