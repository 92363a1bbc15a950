using System.Security.Cryptography;
using ConsentFlow.Application.Documents;
using ConsentFlow.Engine.Storage;
using Hl7.Fhir.Model;

namespace ConsentFlow.Fhir.Mapping;

/// <param name="SupersededAtUtc">When a newer version replaced this one (its second FHIR version); null while current.</param>
public sealed record DocumentFacts(StoredDocument Document, FhirPatientFacts Patient, DateTime? SupersededAtUtc);

/// <summary>
/// A signed consent PDF as a DocumentReference (domain brief §6). Its status follows the document, not the consent:
/// the PDF of a withdrawn consent is still the current record of what was signed; the Consent says it ended and why.
/// </summary>
public static class DocumentReferenceMapping
{
    public static DocumentReference DocumentReference(DocumentFacts facts, FhirServer server)
    {
        var document = facts.Document;
        var superseded = document.Status == DocumentStatus.Superseded;
        var reference = new DocumentReference
        {
            Id = document.Id.ToString(),
            Meta = FhirCodes.Meta(superseded ? "2" : "1", facts.SupersededAtUtc ?? document.CreatedAtUtc),
            Text = Narratives.Of($"Signed consent document, version {document.Version}, {(superseded ? "superseded" : "current")}."),
            MasterIdentifier = FhirCodes.Urn(document.Id),
            Identifier = [new Identifier(FhirCodes.DocumentSha256System, document.Sha256)],
            Status = superseded ? DocumentReferenceStatus.Superseded : DocumentReferenceStatus.Current,
            DocStatus = CompositionStatus.Final,
            Type = FhirCodes.PatientConsent(),
            Category = [FhirCodes.Concept(FhirCodes.Loinc, "59284-0", "Patient Consent")],
            Subject = PatientMapping.Reference(facts.Patient),
            Date = FhirCodes.Offset(document.CreatedAtUtc),
            // The clinic issues and seals the document; the signers are in the Provenance of the Consent and in the PDF.
            Author = [server.Organization()],
            Authenticator = server.Organization(),
            Custodian = server.Organization(),
            Description = $"Signed consent, version {document.Version}",
            Content =
            [
                new DocumentReference.ContentComponent
                {
                    Attachment = new Attachment
                    {
                        ContentType = "application/pdf",
                        Language = document.Language,
                        Url = server.ServerUrl + DocumentView.PdfUrl(document.Id),
                        Size = checked((int)document.Size),
                        Hash = SHA1.HashData(document.Content),
                        Title = DocumentView.FileName(document.Id),
                        Creation = FhirCodes.Instant(document.CreatedAtUtc),
                    },
                },
            ],
        };
        if (document.SupersedesId is { } replaced)
            reference.RelatesTo = [new DocumentReference.RelatesToComponent { Code = DocumentRelationshipType.Replaces, Target = new ResourceReference($"DocumentReference/{replaced}") }];
        if (document.ConsentId is { } consent)
            reference.Context = new DocumentReference.ContextComponent { Related = [new ResourceReference($"Consent/{consent}")] };
        return reference;
    }
}
