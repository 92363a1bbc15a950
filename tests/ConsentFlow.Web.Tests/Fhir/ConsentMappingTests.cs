using ConsentFlow.Engine.Storage;
using ConsentFlow.Fhir;
using ConsentFlow.Fhir.Mapping;
using Hl7.Fhir.Model;

namespace ConsentFlow.Web.Tests.Fhir;

/// <summary>The consent's life as FHIR, straight from the mapping (pure functions), each result checked by the validator too.</summary>
public sealed class ConsentMappingTests
{
    private static readonly DateTime Signed = new(2026, 3, 2, 15, 0, 0, DateTimeKind.Utc);
    private static readonly FhirServer Server = new("https://consent.example/fhir", "https://consent.example", "Example Spine Clinic");

    private static ConsentFacts Facts(ConsentRecord record) => new(
        record,
        new FhirPatientFacts(Guid.NewGuid().ToString(), FhirCases.MrnSystem, "MRN-1", "Testcase", "Riley", new DateOnly(1972, 8, 19), "F", "en"),
        new PatientCase { Procedure = "Percutaneous endoscopic lumbar discectomy", Cpt = "62380", Level = "L4-L5", Side = "left", Surgeon = "Dr. M. Okafor" },
        new ConsentParties(false, null, null, true, Signed.AddMinutes(-10)),
        Guid.NewGuid(), 5, record.InactiveAtUtc ?? Signed);

    private static ConsentRecord Record(ConsentStatus status, DateTime? inactiveAt = null, string? reason = null) => new()
    {
        Id = Guid.NewGuid(), Status = status, CreatedAtUtc = Signed.AddMinutes(-20), SignedAtUtc = Signed, ExpiresAtUtc = Signed.AddDays(30),
        InactiveAtUtc = inactiveAt, InactiveReason = reason,
        SignaturesJson = $$$"""[{"signerRole":"patient","actor":"kiosk","actorRole":"patient","meaning":"I consent.","signedAtUtc":"{{{Signed:O}}}","answers":{"printedName":"Riley Testcase"}}]""",
    };

    private static void Valid(Resource resource)
    {
        var errors = FhirValidation.Errors(FhirValidation.Validate(resource));
        Assert.True(errors.Count == 0, FhirValidation.Describe(errors));
    }

    [Fact]
    public void An_expired_consent_is_inactive_and_its_period_ends_at_the_expiry()
    {
        var consent = ConsentMapping.Consent(Facts(Record(ConsentStatus.Inactive, Signed.AddDays(30).AddSeconds(5), "consent expired after the procedure date")), Server);
        Assert.Equal(Consent.ConsentState.Inactive, consent.Status);
        Assert.Equal("2026-04-01T15:00:00Z", consent.Provision!.Period!.End);
        Assert.Contains("consent expired", consent.Text!.Div);
        Valid(consent);
    }

    [Fact]
    public void A_consent_superseded_by_a_change_of_plan_ends_when_the_plan_changed()
    {
        var consent = ConsentMapping.Consent(Facts(Record(ConsentStatus.Inactive, Signed.AddDays(3), "case changed: level")), Server);
        Assert.Equal(Consent.ConsentState.Inactive, consent.Status);
        Assert.Equal("2026-03-02T15:00:00Z", consent.Provision!.Period!.Start);
        Assert.Equal("2026-03-05T15:00:00Z", consent.Provision!.Period!.End);
        Assert.Contains("case changed: level", consent.Text!.Div);
        Valid(consent);
    }

    [Fact]
    public void An_active_consent_runs_from_signing_to_expiry_and_is_verified_by_teach_back()
    {
        var consent = ConsentMapping.Consent(Facts(Record(ConsentStatus.Active)), Server);
        Assert.Equal(Consent.ConsentState.Active, consent.Status);
        Assert.Equal("2026-04-01T15:00:00Z", consent.Provision!.Period!.End);
        Assert.True(consent.Verification.Single().Verified);
        Assert.Equal("Example Spine Clinic", consent.Organization.Single().Display);
        Assert.StartsWith("Patient/", consent.Performer.Single().Reference);
        Valid(consent);
    }

    [Theory]
    [InlineData("patient", "1.2.840.10065.1.12.1.7")]
    [InlineData("witness", "1.2.840.10065.1.12.1.8")]
    [InlineData("interpreter", "1.2.840.10065.1.12.1.12")]
    [InlineData("surgeon", "1.2.840.10065.1.12.1.5")]
    public void Each_signer_signs_with_the_iso_astm_type_of_their_act(string signerRole, string code) =>
        Assert.Equal(code, ProvenanceMapping.SignatureType(signerRole).Code);
}
