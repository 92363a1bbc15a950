using ConsentFlow.Documents.Pdf;
using ConsentFlow.Documents.Sealing;
using ConsentFlow.Documents.Templates;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Scenarios;
using ConsentFlow.Application.Documents;

namespace ConsentFlow.Cli.Demo;

/// <summary>Writes the sealed consent PDF into the demo folder, sealed with a development certificate kept beside the database.</summary>
internal sealed class SignedConsentPdfWriter(string templatesFolder) : IConsentDocumentWriter
{
    public async Task<IReadOnlyList<string>> WriteAsync(CaseDriver patient, Guid consentId, string outputFolder, CancellationToken cancellationToken)
    {
        using var certificate = ClinicCertificate.LoadOrCreateDevelopment(outputFolder);
        var templates = await ConsentTemplateLibrary.LoadAsync(templatesFolder, cancellationToken);
        var service = new ConsentDocumentService(patient.Engine.Runtime, patient.Engine.Documents, templates,
            new ConsentDocumentGenerator(certificate, patient.Clock), DemoClinic.Details);
        var produced = await service.ProduceAsync(patient.InstanceId, new Actor("demo", "system"), cancellationToken);
        var file = Path.Combine(outputFolder, $"consent-{produced.Document.Id:N}-v{produced.Document.Version}.pdf");
        await File.WriteAllBytesAsync(file, produced.Pdf, cancellationToken);
        return [$"{file} (sha256 {produced.Document.Sha256})"];
    }
}
