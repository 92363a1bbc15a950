using ConsentFlow.Documents.Pdf;
using ConsentFlow.Documents.Rendering;

namespace ConsentFlow.Web.Studio.Templates;

/// <summary>
/// The document request of a synthetic case: what a signed consent prints, with sample signers who leave no mark, so
/// the administrator sees the template's text in the real layout (circumstances, interpreter, representative included).
/// </summary>
internal static class SampleDocument
{
    private const string TimeZone = "America/Chicago";

    public static ConsentDocumentRequest Request(SyntheticCase sample, RenderedConsent text, ClinicDetails clinic)
    {
        var data = sample.Data;
        var language = text.Language;
        var scheduled = new DateTimeOffset(data.ScheduledDate.ToDateTime(new TimeOnly(8, 0)), TimeSpan.FromHours(-5));
        string T(string english, string spanish) => language == "es" ? spanish : english;
        string Answer(string key) => sample.Answers.GetValueOrDefault(key) ?? "";

        var signers = new List<ConsentSigner>
        {
            Signer(sample.RepresentativeSigns ? SignerRole.LegalRepresentative : SignerRole.Patient,
                sample.RepresentativeSigns ? "Sample Representative" : data.PatientDisplayName,
                T("I consent to the procedure described above", "Doy mi consentimiento para el procedimiento descrito"), scheduled),
            Signer(SignerRole.Witness, "Sample Witness, RN", T("I witnessed the signature", "Fui testigo de la firma"), scheduled),
            Signer(SignerRole.Surgeon, data.Surgeon, T("I explained the procedure, its risks and alternatives", "Expliqué el procedimiento, sus riesgos y alternativas"), scheduled),
        };
        if (sample.InterpreterUsed)
            signers.Add(Signer(SignerRole.Interpreter, "Sample Interpreter", T("I interpreted the discussion", "Interpreté la conversación"), scheduled,
                $"{Answer("consentDiscussion.interpreterId")} ({Answer("consentDiscussion.interpreterMode")})"));

        var circumstances = new ConsentCircumstances(
            Answer("consentDiscussion.hasCapacity") == "yes", Answer("consentDiscussion.capacityAssessedBy"),
            sample.RepresentativeSigns
                ? new LegalRepresentativeAuthority(Answer("consentDiscussion.representativeRelationship"), Answer("consentDiscussion.representativeAuthority"))
                : null,
            sample.InterpreterUsed
                ? new InterpreterDetails(Answer("consentDiscussion.interpreterId"), Answer("consentDiscussion.interpreterLanguage"), Answer("consentDiscussion.interpreterMode"))
                : null);

        return new ConsentDocumentRequest(
            Guid.NewGuid(), 1, null, clinic,
            new PatientIdentity(data.PatientDisplayName, data.Mrn, data.DateOfBirth),
            new ProcedureDetails(T("Endoscopic removal of part of a lumbar disc", "Extracción endoscópica de parte de un disco lumbar"),
                "Percutaneous endoscopic lumbar discectomy (PELD)", "62380", data.Level, data.Side, "transforaminal"),
            data.Surgeon, scheduled, TimeZone, language, text,
            [],
            sample.Answers.Where(a => a.Key.StartsWith("sedation.", StringComparison.Ordinal)).Select(a => $"{a.Key}: {a.Value}").ToList(),
            [],
            signers,
            new SigningEvidence([], new string('0', 64)),
            circumstances);
    }

    private static ConsentSigner Signer(SignerRole role, string name, string meaning, DateTimeOffset at, string? details = null) =>
        new(role, name, meaning, at, TimeZone, new StrokeSignature(300, 100, []), details);
}
