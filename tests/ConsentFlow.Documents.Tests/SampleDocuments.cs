using ConsentFlow.Documents.Pdf;

namespace ConsentFlow.Documents.Tests;

/// <summary>Sealed documents generated once per test run and shared by the read-back and verification tests.</summary>
internal static class SampleDocuments
{
    public static Dictionary<string, string> AllConditionsScreening() => new()
    {
        ["sedation.anticoagulant"] = "apixaban",
        ["sedation.stopBangScore"] = "5",
        ["sedation.osaDiagnosed"] = "no",
        ["sedation.pregnancyPossible"] = "yes",
    };

    static readonly Lazy<(ConsentDocumentRequest, SealedDocument)> SharedEnglish = new(() => Generate("en"));
    static readonly Lazy<(ConsentDocumentRequest, SealedDocument)> SharedSpanish = new(() => Generate("es"));

    public static (ConsentDocumentRequest Request, SealedDocument Document) English => SharedEnglish.Value;
    public static (ConsentDocumentRequest Request, SealedDocument Document) Spanish => SharedSpanish.Value;

    public static ConsentDocumentGenerator Generator { get; } = new(TestCertificate.Clinic);

    static (ConsentDocumentRequest, SealedDocument) Generate(string language)
    {
        var request = ConsentFixtures.Request(language, AllConditionsScreening());
        return (request, Generator.GenerateAsync(request, CancellationToken.None).GetAwaiter().GetResult());
    }

    /// <summary>Writes the PDF to a temporary file for the poppler command-line tools.</summary>
    public static string WriteTemp(byte[] pdf, string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"consentflow-{name}-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        return path;
    }
}
