using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ConsentFlow.Documents.Tests;

/// <summary>
/// Apache PDFBox Preflight (Debian's libpdfbox2-java), the only independent PDF/A validator installable from this
/// machine's registries. It validates PDF/A-1b; our files are PDF/A-2b, so the tests accept exactly the findings
/// where PDF/A-2 relaxed PDF/A-1 and require everything else to pass.
/// </summary>
internal static partial class Preflight
{
    const string JarFolder = "/usr/share/java";
    static readonly string[] Jars = ["preflight.jar", "pdfbox2.jar", "fontbox2.jar", "xmpbox.jar", "commons-logging.jar", "javax.activation.jar", "jaxb-api.jar"];

    public sealed record Finding(string Code, string Message);

    public static IReadOnlyList<Finding> Validate(byte[] pdf)
    {
        var java = "/usr/bin/java";
        var missing = Jars.Where(j => !File.Exists(Path.Combine(JarFolder, j))).ToList();
        Assert.True(File.Exists(java) && missing.Count == 0,
            $"PDFBox Preflight is missing ({string.Join(", ", missing)}; java: {File.Exists(java)}): apt-get install -y default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java (test.sh installs them)");
        var file = SampleDocuments.WriteTemp(pdf, "preflight");
        try
        {
            var start = new ProcessStartInfo(java) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "-cp", string.Join(':', Jars.Select(j => Path.Combine(JarFolder, j))), "org.apache.pdfbox.preflight.Validator_A1b", file })
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(120_000), "Preflight did not finish in 120 s");
            var text = output.Result + error.Result;
            Assert.True(text.Contains("is a valid PDF/A-1b file") || text.Contains("is not a valid PDF/A-1b file"), "Preflight gave no verdict:\n" + text);
            return FindingPattern().Matches(text).Select(m => new Finding(m.Groups[1].Value, m.Groups[2].Value.Trim())).ToList();
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Findings that are errors in PDF/A-1 but allowed in PDF/A-2 (ISO 19005-2).</summary>
    public static bool AllowedInPdfA2(Finding finding) => finding switch
    {
        { Code: "2.2.1" } => true, // transparency groups: PDF/A-2 allows transparency (PDFsharp marks every page)
        { Code: "2.2.2" } => true, // soft masks (the tablet signature image's alpha): allowed in PDF/A-2
        { Code: "3.1.11" } when finding.Message.Contains("CIDSet", StringComparison.Ordinal) => true, // CIDSet is optional in PDF/A-2
        { Code: "7.11.2" } when finding.Message.Contains("part must be 1", StringComparison.Ordinal) => true, // we declare part 2
        _ => false,
    };

    [GeneratedRegex(@"^\s*(\d+(?:\.\d+)*)\s*:\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex FindingPattern();
}
