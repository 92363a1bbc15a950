using ConsentFlow.Documents.Sealing;

namespace ConsentFlow.Documents.Tests;

/// <summary>One development certificate for the whole test run, created the way the app does on first run.</summary>
internal static class TestCertificate
{
    public static readonly string Folder = Path.Combine(Path.GetTempPath(), "consentflow-documents-tests");

    static readonly Lazy<ClinicCertificate> Shared = new(() => ClinicCertificate.LoadOrCreateDevelopment(Folder));

    public static ClinicCertificate Clinic => Shared.Value;
}
