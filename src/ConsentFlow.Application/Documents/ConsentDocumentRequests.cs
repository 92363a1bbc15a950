using System.Globalization;
using ConsentFlow.Documents.Pdf;
using ConsentFlow.Documents.Rendering;
using ConsentFlow.Engine.Runtime;
using DocumentPatient = ConsentFlow.Documents.Pdf.PatientIdentity;

namespace ConsentFlow.Application.Documents;

/// <summary>Maps what the engine recorded about a signed consent onto what the consent document prints.</summary>
internal static class ConsentDocumentRequests
{
    public static ConsentCaseData CaseData(ConsentSnapshot consent) => new(
        $"{consent.Patient.GivenName} {consent.Patient.FamilyName}", consent.Patient.Mrn, consent.Patient.BirthDate,
        consent.Level, consent.Side, consent.Surgeon, DateOnly.FromDateTime(Local(consent.ScheduledStart.UtcDateTime, consent.TimeZoneId)));

    public static ConsentDocumentRequest Build(ConsentSnapshot consent, RenderedConsent text, DocumentSlot slot, Guid documentId, ClinicDetails clinic) => new(
        documentId, slot.Version, slot.SupersedesId, clinic,
        new DocumentPatient($"{consent.Patient.GivenName} {consent.Patient.FamilyName}", consent.Patient.Mrn, consent.Patient.BirthDate),
        new ProcedureDetails(
            consent.Language == "es" ? "Extracción endoscópica de parte de un disco lumbar" : "Endoscopic removal of part of a lumbar disc",
            consent.Procedure, consent.Cpt, consent.Level, consent.Side, consent.Approach),
        consent.Surgeon, consent.ScheduledStart, consent.TimeZoneId, consent.Language, text,
        TeachBack(consent), Lines(consent, "sedation"), Lines(consent, "imaging"),
        consent.Signatures.Select(s => Signer(s, consent)).ToList(),
        new SigningEvidence(ReadingTimes(consent), consent.JournalHashAtSigning),
        Circumstances(consent));

    /// <summary>Capacity, who signs and under what authority, and the interpreter, as the consent discussion recorded them.</summary>
    private static ConsentCircumstances Circumstances(ConsentSnapshot consent)
    {
        string Answer(string field) => consent.Answers.GetValueOrDefault($"consentDiscussion.{field}") ?? "";
        bool Yes(string field) => Answer(field) == "yes";
        var representative = Answer("signer") == "legalRepresentative"
            ? new LegalRepresentativeAuthority(Answer("representativeRelationship"), Answer("representativeAuthority"))
            : null;
        var interpreter = Yes("interpreterUsed")
            ? new InterpreterDetails(Answer("interpreterId"), Answer("interpreterLanguage"), Answer("interpreterMode"))
            : null;
        return new ConsentCircumstances(Yes("hasCapacity"), Answer("capacityAssessedBy"), representative, interpreter);
    }

    /// <summary>
    /// The patient's teach-back: each question with the answer given and whether it was right (the definition's
    /// "{question}AnsweredRight" field). Older answers were a yes/no checklist the nurse filled, each "yes" a pass.
    /// </summary>
    private static List<TeachBackItem> TeachBack(ConsentSnapshot consent)
    {
        var fields = consent.Forms.FirstOrDefault(f => f.FormId == "teachBack")?.Fields ?? [];
        var verdicts = fields.Where(f => f.FieldId.EndsWith(AnsweredRight, StringComparison.Ordinal))
            .ToDictionary(f => f.FieldId[..^AnsweredRight.Length], f => f.Value is "yes" or "sí");
        if (verdicts.Count > 0)
            return fields.Where(f => verdicts.ContainsKey(f.FieldId)).Select(f => new TeachBackItem(f.Label, f.Value, verdicts[f.FieldId])).ToList();
        return fields.Where(f => f.FieldId != "passed").Select(f => new TeachBackItem(f.Label, f.Value, f.Value is "yes" or "sí")).ToList();
    }

    private const string AnsweredRight = "AnsweredRight";

    private static List<string> Lines(ConsentSnapshot consent, string formId) =>
        consent.Forms.FirstOrDefault(f => f.FormId == formId)?.Fields.Select(f => $"{f.Label}: {f.Value}").ToList() ?? [];

    private static ConsentSigner Signer(SignatureSnapshot signature, ConsentSnapshot consent)
    {
        var representative = signature.SignerRole == "patient" && consent.Answers.GetValueOrDefault("consentDiscussion.signer") == "legalRepresentative";
        var role = signature.SignerRole switch
        {
            "patient" when representative => SignerRole.LegalRepresentative,
            "patient" => SignerRole.Patient,
            "witness" => SignerRole.Witness,
            "interpreter" => SignerRole.Interpreter,
            _ => SignerRole.Surgeon,
        };
        var details = role switch
        {
            SignerRole.LegalRepresentative => $"{consent.Answers.GetValueOrDefault("consentDiscussion.representativeRelationship")}; {consent.Answers.GetValueOrDefault("consentDiscussion.representativeAuthority")}",
            SignerRole.Interpreter => $"{consent.Answers.GetValueOrDefault("consentDiscussion.interpreterId")} ({consent.Answers.GetValueOrDefault("consentDiscussion.interpreterMode")})",
            _ => null,
        };
        return new ConsentSigner(role, signature.PrintedName, signature.Meaning,
            new DateTimeOffset(signature.SignedAtUtc, TimeSpan.Zero), consent.TimeZoneId, SignatureMarks.Parse(signature.Signature),
            Join(details, IdentifiedHow(signature.Attestation)));
    }

    /// <summary>How the signer was identified (§11.50): who vouched for a tablet signer, or that staff re-entered their password.</summary>
    private static string? IdentifiedHow(SignerAttestation? attestation) => attestation switch
    {
        null => null,
        { VouchedByName: { } staff, Details: { } external } => $"{external}; identity checked by {staff}",
        { VouchedByName: { } staff } => $"Identity checked by {staff} (two identifiers, photo ID)",
        _ => $"Signed with the {attestation.Method}",
    };

    private static string? Join(string? first, string? second) =>
        string.IsNullOrWhiteSpace(first) ? second : second is null ? first : $"{first}; {second}";

    private static List<SectionReadingTime> ReadingTimes(ConsentSnapshot consent)
    {
        var recorded = consent.Signatures.FirstOrDefault(s => s.SignerRole == "patient")?.Answers.GetValueOrDefault("readingTimes") ?? "";
        return recorded.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split(':'))
            .Where(pair => pair.Length == 2 && double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            .Select(pair => new SectionReadingTime(pair[0].Trim(), double.Parse(pair[1], CultureInfo.InvariantCulture)))
            .ToList();
    }

    private static DateTime Local(DateTime utc, string zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var tz) ? tz : TimeZoneInfo.Utc);
}
