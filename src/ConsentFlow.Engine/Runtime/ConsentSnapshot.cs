namespace ConsentFlow.Engine.Runtime;

/// <summary>
/// Everything a consent text or signed-consent document shows, read from one instance in the patient's language. The
/// engine hands this out; it never renders documents itself. Before anyone signs, ConsentId is empty and there are no
/// signatures.
/// </summary>
public sealed record ConsentSnapshot(
    Guid InstanceId,
    Guid ConsentId,
    string ConsentStatus,
    DateTime SignedAtUtc,
    DateTime? ExpiresAtUtc,
    string JournalHashAtSigning,
    PatientIdentity Patient,
    string Procedure,
    string Cpt,
    string Level,
    string Side,
    string Approach,
    string Surgeon,
    DateTimeOffset ScheduledStart,
    string TimeZoneId,
    string Language,
    IReadOnlyList<SignatureSnapshot> Signatures,
    IReadOnlyDictionary<string, string> Answers,
    IReadOnlyList<AnsweredForm> Forms,
    ShownTemplate? ShownTemplate = null);

/// <param name="Attestation">How the signer was identified when signing; null for signatures recorded before sign-in existed.</param>
public sealed record SignatureSnapshot(
    string SignerRole, string PrintedName, string Meaning, DateTime SignedAtUtc, string Signature, IReadOnlyDictionary<string, string> Answers,
    SignerAttestation? Attestation = null);

public sealed record AnsweredForm(string FormId, string Title, IReadOnlyList<AnsweredField> Fields);

public sealed record AnsweredField(string FieldId, string Label, string Value);
