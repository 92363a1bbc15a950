using ConsentFlow.Documents.Pdf;
using ConsentFlow.Documents.Sealing;
using ConsentFlow.Documents.Templates;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Scenarios;
using ConsentFlow.Application.Documents;

namespace ConsentFlow.Cli.Demo;

/// <summary>
/// Writes the sealed consent PDF into the demo folder, sealed with a development certificate kept beside the database,
/// and timestamped when a timestamp authority is given.
/// </summary>
internal sealed class SignedConsentPdfWriter(string templatesFolder, Uri? timestampUrl = null, string? publicUrl = null) : IConsentDocumentWriter
{
    public async Task<IReadOnlyList<string>> WriteAsync(CaseDriver patient, Guid consentId, string outputFolder, CancellationToken cancellationToken)
    {
        using var certificate = ClinicCertificate.LoadOrCreateDevelopment(outputFolder);
        var templates = await ConsentTemplateLibrary.LoadAsync(templatesFolder, cancellationToken);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        var authority = timestampUrl is null ? null : new TimestampAuthority(http, timestampUrl);
        var service = new ConsentDocumentService(patient.Engine.Runtime, patient.Engine.Documents, templates,
            new ConsentDocumentGenerator(certificate, patient.Clock, authority), DemoClinic.Details with { PublicBaseUrl = publicUrl });
        var produced = await service.ProduceAsync(patient.InstanceId, new Actor("demo", "system"), cancellationToken);
        var file = Path.Combine(outputFolder, $"consent-{produced.Document.Id:N}-v{produced.Document.Version}.pdf");
        await File.WriteAllBytesAsync(file, produced.Pdf, cancellationToken);
        return [$"{file} (sha256 {produced.Document.Sha256})"];
    }
}
