using System.Diagnostics;

namespace ConsentFlow.Bench.Documents;

/// <summary>Headless Debian Chromium started once per document with --print-to-pdf (the "cold" peer).</summary>
internal static class ChromiumCli
{
    public const string DefaultPath = "/usr/bin/chromium";

    public static readonly string[] CommonArguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    public static async Task PrintAsync(string chromium, string htmlFile, string pdfFile, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(chromium) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in CommonArguments.Concat(["--no-pdf-header-footer", $"--print-to-pdf={pdfFile}", new Uri(htmlFile).AbsoluteUri]))
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("Chromium did not finish printing in time");
        }

        if (process.ExitCode != 0 || !File.Exists(pdfFile))
            throw new InvalidOperationException($"Chromium exited with {process.ExitCode} and no PDF");
    }
}
