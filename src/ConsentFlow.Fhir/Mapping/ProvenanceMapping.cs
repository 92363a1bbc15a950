using Hl7.Fhir.Model;

namespace ConsentFlow.Fhir.Mapping;

/// <summary>
/// Each signature on a consent as a Provenance of that Consent, typed with the ISO/ASTM E1762 signature types
/// (domain brief §6): the patient's or representative's consent, the witness, the interpreter, and the practitioner's
/// attestation as a verification signature.
/// </summary>
public static class ProvenanceMapping
{
    public static string Id(Guid consentId, int signatureNumber) => $"{consentId}-{signatureNumber}";

    public static Provenance Provenance(ConsentFacts facts, SignatureFacts signature)
    {
        var representative = signature.SignerRole == SignatureFacts.Patient && facts.Parties.ByRepresentative;
        var who = Who(facts, signature, representative);
        var (code, display) = SignatureType(signature.SignerRole);
        var provenance = new Provenance
        {
            Id = Id(facts.Consent.Id, signature.Number),
            Meta = FhirCodes.Meta("1", signature.SignedAtUtc),
            Text = Narratives.Of($"{display} by {signature.PrintedName} at {FhirCodes.Instant(signature.SignedAtUtc)}: {signature.Meaning}"),
            Target = [new ResourceReference($"Consent/{facts.Consent.Id}")],
            Recorded = FhirCodes.Offset(signature.SignedAtUtc),
            Agent =
            [
                new Provenance.AgentComponent
                {
                    Type = AgentType(signature.SignerRole),
                    Who = who,
                    OnBehalfOf = representative ? PatientMapping.Reference(facts.Patient) : null,
                },
            ],
            Signature =
            [
                new Signature
                {
                    Type = [new Coding(FhirCodes.SignatureType, code, display)],
                    When = FhirCodes.Offset(signature.SignedAtUtc),
                    Who = new ResourceReference(who.Reference, who.Display) { Type = who.Type, Identifier = who.Identifier },
                },
            ],
        };
        if (representative) provenance.Contained = [ConsentMapping.Representative(facts, signature)];
        return provenance;
    }

    /// <summary>urn:iso-astm:E1762-95:2013, picked by what the signer's act means.</summary>
    public static (string Code, string Display) SignatureType(string signerRole) => signerRole switch
    {
        SignatureFacts.Patient => ("1.2.840.10065.1.12.1.7", "Consent Signature"),
        SignatureFacts.Witness => ("1.2.840.10065.1.12.1.8", "Signature Witness Signature"),
        SignatureFacts.Interpreter => ("1.2.840.10065.1.12.1.12", "Interpreter Signature"),
        // The practitioner attests last that the discussion took place: a verification of the consent.
        _ => ("1.2.840.10065.1.12.1.5", "Verification Signature"),
    };

    private static CodeableConcept AgentType(string signerRole) => signerRole switch
    {
        SignatureFacts.Patient => FhirCodes.Concept(FhirCodes.ProvenanceParticipantType, "author", "Author"),
        SignatureFacts.Witness => FhirCodes.Concept(FhirCodes.ProvenanceParticipantType, "attester", "Attester"),
        SignatureFacts.Interpreter => FhirCodes.Concept(FhirCodes.ProvenanceParticipantType, "performer", "Performer"),
        _ => FhirCodes.Concept(FhirCodes.ProvenanceParticipantType, "verifier", "Verifier"),
    };

    private static ResourceReference Who(ConsentFacts facts, SignatureFacts signature, bool representative)
    {
        if (representative) return new ResourceReference($"#{ConsentMapping.RepresentativeId}", signature.PrintedName);
        if (signature.SignerRole == SignatureFacts.Patient)
            return new ResourceReference($"Patient/{facts.Patient.Id}", signature.PrintedName) { Identifier = new Identifier(facts.Patient.MrnSystem, facts.Patient.Mrn) };
        // An external interpreter has no account: the name (with ID number) recorded at signing is what identifies them.
        if (signature.SignerRole == SignatureFacts.Interpreter) return new ResourceReference { Display = signature.PrintedName };
        return new ResourceReference
        {
            Type = "Practitioner",
            Identifier = new Identifier(FhirCodes.UserSystem, signature.ActorId),
            Display = signature.PrintedName,
        };
    }
}
