using ConsentFlow.Engine.Storage;
using Hl7.Fhir.Model;

namespace ConsentFlow.Fhir.Mapping;

/// <summary>The facts one Consent version is made of: the record as it stood then, and the case it belongs to.</summary>
public sealed record ConsentFacts(
    ConsentRecord Consent, FhirPatientFacts Patient, PatientCase Case, ConsentParties Parties, Guid? DocumentId, int VersionId, DateTime LastUpdatedUtc);

/// <summary>A consent record as a FHIR R4 Consent (domain brief §6).</summary>
public static class ConsentMapping
{
    public const string RepresentativeId = "representative";

    public static Consent Consent(ConsentFacts facts, FhirServer server)
    {
        var record = facts.Consent;
        var signatures = SignatureFacts.Parse(record.SignaturesJson);
        var consenter = signatures.FirstOrDefault(s => s.SignerRole == SignatureFacts.Patient);
        var consent = new Consent
        {
            Id = record.Id.ToString(),
            Meta = FhirCodes.Meta(facts.VersionId.ToString(), facts.LastUpdatedUtc),
            Text = Narratives.Of(Summary(facts), Why(record)),
            Identifier = [FhirCodes.Urn(record.Id)],
            Status = Status(record.Status),
            Scope = FhirCodes.Concept(FhirCodes.ConsentScope, "treatment", "Treatment"),
            Category = [FhirCodes.PatientConsent()],
            Patient = PatientMapping.Reference(facts.Patient),
            DateTime = FhirCodes.Instant(record.SignedAtUtc ?? record.CreatedAtUtc),
            Organization = [server.Organization()],
            // ppc-1 needs a policy or a policy rule; the clinic publishes no policy URI, so the opt-in rule is stated.
            PolicyRule = FhirCodes.Concept(FhirCodes.ActCode, "OPTIN", "opt-in"),
            Provision = Provision(facts),
        };
        if (facts.DocumentId is { } document) consent.Source = new ResourceReference($"DocumentReference/{document}", "Signed consent document");
        if (Performer(facts, consenter) is { } performer)
        {
            if (facts.Parties.ByRepresentative && consenter is not null) consent.Contained = [Representative(facts, consenter)];
            consent.Performer = [performer];
        }
        if (Verification(facts, performer: consent.Performer.FirstOrDefault()) is { } verification) consent.Verification = [verification];
        return consent;
    }

    public static Consent.ConsentState Status(ConsentStatus status) => status switch
    {
        ConsentStatus.Proposed => Hl7.Fhir.Model.Consent.ConsentState.Proposed,
        ConsentStatus.Active => Hl7.Fhir.Model.Consent.ConsentState.Active,
        ConsentStatus.Rejected => Hl7.Fhir.Model.Consent.ConsentState.Rejected,
        _ => Hl7.Fhir.Model.Consent.ConsentState.Inactive,
    };

    /// <summary>Signed → expiry; a consent that ended earlier (withdrawn, superseded by re-consent) ends when it did.</summary>
    public static Period? Period(ConsentRecord record)
    {
        DateTime? end = record.ExpiresAtUtc;
        if (record.Status == ConsentStatus.Inactive && record.InactiveAtUtc is { } inactive && (end is null || inactive < end)) end = inactive;
        if (record.SignedAtUtc is null && end is null) return null;
        return new Period
        {
            Start = record.SignedAtUtc is { } start ? FhirCodes.Instant(start) : null,
            End = end is { } e ? FhirCodes.Instant(e) : null,
        };
    }

    private static Consent.provisionComponent Provision(ConsentFacts facts) => new()
    {
        Type = Hl7.Fhir.Model.Consent.ConsentProvisionType.Permit,
        Period = Period(facts.Consent),
        Actor =
        [
            new Consent.provisionActorComponent
            {
                Role = FhirCodes.Concept(FhirCodes.ParticipationType, "PPRF", "primary performer"),
                Reference = new ResourceReference { Display = facts.Case.Surgeon },
            },
        ],
        Code = [FhirCodes.Concept(FhirCodes.Cpt, facts.Case.Cpt, facts.Case.Procedure)],
    };

    /// <summary>The person who gave consent: the patient, or the legal representative who signed for them.</summary>
    private static ResourceReference? Performer(ConsentFacts facts, SignatureFacts? consenter) =>
        consenter is null ? null
        : facts.Parties.ByRepresentative ? new ResourceReference($"#{RepresentativeId}", consenter.PrintedName)
        : PatientMapping.Reference(facts.Patient);

    public static RelatedPerson Representative(ConsentFacts facts, SignatureFacts consenter) => new()
    {
        Id = RepresentativeId,
        Patient = PatientMapping.Reference(facts.Patient),
        Relationship = facts.Parties.RepresentativeRelationship is { } relationship
            ? [new CodeableConcept { Text = facts.Parties.RepresentativeAuthority is { } authority ? $"{relationship} (authority: {authority})" : relationship }]
            : [],
        Name = [new HumanName { Text = consenter.PrintedName }],
    };

    /// <summary>Teach-back is how the clinic verifies the consent with the person who gives it.</summary>
    private static Consent.VerificationComponent? Verification(ConsentFacts facts, ResourceReference? performer)
    {
        var record = facts.Consent;
        if (facts.Parties.TeachBackPassed is not { } passed || facts.Parties.TeachBackAtUtc is not { } at) return null;
        // Answers of a later re-consent cycle do not belong to an earlier consent.
        if (at > (record.SignedAtUtc ?? record.InactiveAtUtc ?? DateTime.MaxValue)) return null;
        return new Consent.VerificationComponent
        {
            Verified = passed,
            VerifiedWith = performer is null ? null : new ResourceReference(performer.Reference, performer.Display),
            VerificationDate = FhirCodes.Instant(at),
        };
    }

    private static string Summary(ConsentFacts facts) =>
        $"Consent to {facts.Case.Procedure} (CPT {facts.Case.Cpt}), {facts.Case.Level} {facts.Case.Side}, by {facts.Case.Surgeon}: {Status(facts.Consent.Status).ToString().ToLowerInvariant()}.";

    /// <summary>R4 Consent has no status reason: the narrative says why a consent ended (the document stays current).</summary>
    private static string? Why(ConsentRecord record) => record.Status == ConsentStatus.Inactive
        ? $"Inactive since {FhirCodes.Instant(record.InactiveAtUtc ?? record.ExpiresAtUtc ?? record.CreatedAtUtc)}: {record.InactiveReason ?? "ended"}."
        : null;
}
