using System.Diagnostics;

namespace ConsentFlow.Documents.Tests;

/// <summary>Runs poppler-utils and qpdf as independent readers of our PDFs (test.sh installs the packages).</summary>
internal static class Poppler
{
    public static (int ExitCode, string Output) Run(string tool, params string[] arguments)
    {
        var path = $"/usr/bin/{tool}";
        Assert.True(File.Exists(path), $"{path} is missing: the document tests need poppler-utils and qpdf (apt-get install -y poppler-utils qpdf; test.sh installs them)");
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(30_000), $"{tool} did not finish in 30 s");
        return (process.ExitCode, output.Result + error.Result);
    }

    public static string PdfToText(byte[] pdf)
    {
        var file = SampleDocuments.WriteTemp(pdf, "text");
        try
        {
            var (exitCode, output) = Run("pdftotext", "-enc", "UTF-8", file, "-");
            Assert.Equal(0, exitCode);
            return output;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary><c>qpdf --check</c>: exit code 0 is clean, 3 means warnings (test.sh installs qpdf).</summary>
    public static (int ExitCode, string Output) QpdfCheck(byte[] pdf)
    {
        var file = SampleDocuments.WriteTemp(pdf, "qpdf");
        try
        {
            return Run("qpdf", "--check", file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static (int ExitCode, string Output) PdfSig(byte[] pdf)
    {
        var file = SampleDocuments.WriteTemp(pdf, "sig");
        try
        {
            return Run("pdfsig", file);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
