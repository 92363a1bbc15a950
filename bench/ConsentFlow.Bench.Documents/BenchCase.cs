using ConsentFlow.Documents.Pdf;
using ConsentFlow.Documents.Rendering;
using ConsentFlow.Documents.Templates;

namespace ConsentFlow.Bench.Documents;

/// <summary>A typical signed consent: English, two conditional paragraphs, four teach-back answers, three signers.</summary>
internal static class BenchCase
{
    public static async Task<ConsentDocumentRequest> CreateAsync(string templateFolder)
    {
        var library = await ConsentTemplateLibrary.LoadAsync(templateFolder, CancellationToken.None);
        var caseData = new ConsentCaseData("Daniel Okafor-Reyes", "MRN-7781034", new DateOnly(1966, 11, 2), "L5-S1", "right", "Dr. Priya Raman", new DateOnly(2025, 6, 3));
        var answers = new Dictionary<string, string>
        {
            ["sedation.anticoagulant"] = "clopidogrel",
            ["sedation.stopBangScore"] = "6",
            ["sedation.osaDiagnosed"] = "yes",
            ["sedation.pregnancyPossible"] = "no",
        };
        var consent = library.Render("peld-consent", "en", caseData, answers);
        var signedAt = new DateTimeOffset(2025, 5, 27, 15, 12, 0, TimeSpan.Zero);
        var mark = new StrokeSignature(300, 100, [[new(5, 80), new(40, 10), new(80, 85), new(120, 20), new(160, 70), new(290, 50)]]);

        return new ConsentDocumentRequest(
            Guid.NewGuid(), 1, null,
            new ClinicDetails("Lakeside Spine Surgery Center", "48 Harbor Road, Madison, WI 53703"),
            new PatientIdentity(caseData.PatientDisplayName, caseData.Mrn, caseData.DateOfBirth),
            new ProcedureDetails("Endoscopic removal of part of a lumbar disc", "Percutaneous endoscopic lumbar discectomy", "62380", "L5-S1", "right", "Interlaminar"),
            caseData.Surgeon,
            new DateTimeOffset(2025, 6, 3, 14, 0, 0, TimeSpan.Zero), "America/Chicago",
            "en", consent,
            [
                new("Which level will be treated?", "L5-S1 on the right.", true),
                new("Tell me one risk.", "Numbness or burning in the leg for a while.", true),
                new("What else could you do instead?", "Injections or physical therapy, or wait.", true),
                new("Can you stop this later?", "Yes, until the procedure starts.", true),
            ],
            ["ASA II; Mallampati III; STOP-BANG 6 (high) — escalated to anesthesiology", "Clopidogrel held 7 days (prescriber approved)", "Escort: spouse"],
            ["MRI 2025-04-30: L5-S1 right paracentral extrusion", "No instability on flexion/extension views", "Case, consent and imaging agree on level and side"],
            [
                new(SignerRole.Patient, caseData.PatientDisplayName, "I consent to the procedure described above.", signedAt, "America/Chicago", mark),
                new(SignerRole.Witness, "Lena Brooks, RN", "I witnessed the patient sign.", signedAt.AddMinutes(1), "America/Chicago", mark),
                new(SignerRole.Surgeon, caseData.Surgeon, "I explained the procedure, risks, benefits and alternatives.", signedAt.AddMinutes(2), "America/Chicago", mark),
            ],
            new SigningEvidence(consent.Sections.Select((s, i) => new SectionReadingTime(s.Id, 15 + 4 * i)).ToList(), new string('a', 64)),
            new ConsentCircumstances(true, caseData.Surgeon, Representative: null, Interpreter: null));
    }
}
