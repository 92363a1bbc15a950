using ConsentFlow.Documents.Rendering;

namespace ConsentFlow.Documents.Pdf;

/// <summary>Everything printed in a signed consent document. The engine fills it; this library never looks anything up.</summary>
/// <param name="Version">1 for the first document of a consent; a regenerated document gets the next number.</param>
/// <param name="SupersedesDocumentId">The document this one replaces, printed so a reader of either can follow the chain.</param>
/// <param name="Language">The language the patient chose, <c>en</c> or <c>es</c>; it must match <see cref="Consent"/>.</param>
/// <param name="Consent">The consent text exactly as shown on the tablet.</param>
public sealed record ConsentDocumentRequest(
    Guid DocumentId,
    int Version,
    Guid? SupersedesDocumentId,
    ClinicDetails Clinic,
    PatientIdentity Patient,
    ProcedureDetails Procedure,
    string Surgeon,
    DateTimeOffset ScheduledStart,
    string ScheduledTimeZoneId,
    string Language,
    RenderedConsent Consent,
    IReadOnlyList<TeachBackItem> TeachBack,
    IReadOnlyList<string> ScreeningSummary,
    IReadOnlyList<string> ImagingSummary,
    IReadOnlyList<ConsentSigner> Signers,
    SigningEvidence Evidence,
    ConsentCircumstances Circumstances);

/// <param name="PublicBaseUrl">E.g. <c>https://consent.example-clinic.org</c>: the QR code opens
/// <c>{PublicBaseUrl}/verify/{documentId}</c>. Without it the QR code carries only the document's URN.</param>
public sealed record ClinicDetails(string Name, string Address, string? PublicBaseUrl = null);

/// <summary>How the consent was obtained, as the surgeon recorded it in the consent discussion.</summary>
/// <param name="CapacityAssessedBy">The clinician who assessed the patient's capacity to consent.</param>
/// <param name="Representative">Null when the patient signs for themselves.</param>
/// <param name="Interpreter">Null when no interpreter was used; the document then says so.</param>
public sealed record ConsentCircumstances(
    bool PatientHasCapacity,
    string CapacityAssessedBy,
    LegalRepresentativeAuthority? Representative,
    InterpreterDetails? Interpreter);

/// <summary>A legally authorized representative's relationship to the patient and the authority they sign under.</summary>
public sealed record LegalRepresentativeAuthority(string Relationship, string Authority);

/// <param name="Language"><c>en</c> or <c>es</c>: the language interpreted into.</param>
/// <param name="Mode"><c>inPerson</c>, <c>video</c> or <c>phone</c>.</param>
public sealed record InterpreterDetails(string NameOrId, string Language, string Mode);

/// <summary>The patient and the two identifiers required on every consent.</summary>
public sealed record PatientIdentity(string DisplayName, string Mrn, DateOnly DateOfBirth);

/// <param name="LayName">E.g. "Endoscopic removal of part of a lumbar disc".</param>
/// <param name="TechnicalName">E.g. "Percutaneous endoscopic lumbar discectomy (PELD)".</param>
/// <param name="Side"><c>left</c> or <c>right</c>; printed in the document's language.</param>
public sealed record ProcedureDetails(string LayName, string TechnicalName, string CptCode, string Level, string Side, string Approach);

public sealed record TeachBackItem(string Question, string Answer, bool Passed);

public enum SignerRole
{
    Patient,
    LegalRepresentative,
    Witness,
    Interpreter,
    Surgeon,
}

/// <summary>One signature: who, in what role, what the signature means, and when (with the signer's time zone).</summary>
/// <param name="Meaning">What signing means for this signer, e.g. "I consent to the procedure described above".</param>
/// <param name="TimeZoneId">IANA id such as <c>America/New_York</c>; the time is printed in that zone with its UTC offset.</param>
/// <param name="Details">For a legal representative, the relationship and authority; for an interpreter, the language and ID.</param>
public sealed record ConsentSigner(
    SignerRole Role,
    string PrintedName,
    string Meaning,
    DateTimeOffset SignedAt,
    string TimeZoneId,
    SignatureMark Mark,
    string? Details = null);

/// <summary>The drawn signature, either as an image from the tablet or as the raw pen strokes.</summary>
public abstract record SignatureMark;

public sealed record PngSignature(byte[] Png) : SignatureMark;

/// <summary>Pen strokes in the tablet canvas coordinates (origin top-left).</summary>
public sealed record StrokeSignature(double CanvasWidth, double CanvasHeight, IReadOnlyList<IReadOnlyList<StrokePoint>> Strokes) : SignatureMark;

public readonly record struct StrokePoint(double X, double Y);

/// <summary>What the tablet recorded while the patient read and signed.</summary>
/// <param name="SecondsPerSection">Time spent on each consent section, keyed by section id, in the order shown.</param>
/// <param name="JournalHashAtSigning">Head hash of the engine's append-only journal when the signatures were taken.</param>
public sealed record SigningEvidence(IReadOnlyList<SectionReadingTime> SecondsPerSection, string JournalHashAtSigning);

public sealed record SectionReadingTime(string SectionId, double Seconds);

/// <summary>The sealed PDF and its SHA-256 (lower-case hex), ready to be stored as an immutable version.</summary>
public sealed record SealedDocument(byte[] Pdf, string Sha256, Guid DocumentId, int Version);
