using ConsentFlow.Documents.Pdf;
using ConsentFlow.Documents.Rendering;
using ConsentFlow.Documents.Templates;

namespace ConsentFlow.Documents.Tests;

/// <summary>A realistic case, screening answers and signers, shared by the document tests.</summary>
internal static class ConsentFixtures
{
    public static readonly string TemplateFolder = FindTemplateFolder();

    static readonly Lazy<ConsentTemplateLibrary> SharedLibrary =
        new(() => ConsentTemplateLibrary.LoadAsync(TemplateFolder, CancellationToken.None).GetAwaiter().GetResult());

    public static ConsentTemplateLibrary Library => SharedLibrary.Value;

    public const string EnglishPatient = "Maria Example-Lopez";
    public const string SpanishPatient = "José Ñúñez Güemes";

    public static ConsentCaseData Case(string patientName = EnglishPatient, string side = "left") =>
        new(patientName, "MRN-0042137", new DateOnly(1971, 4, 9), "L4-L5", side, "Dr. Ana Ibáñez", new DateOnly(2025, 3, 18));

    public static Dictionary<string, string> QuietScreening() => new()
    {
        ["sedation.anticoagulant"] = "none",
        ["sedation.stopBangScore"] = "2",
        ["sedation.osaDiagnosed"] = "no",
        ["sedation.pregnancyPossible"] = "no",
    };

    public static RenderedConsent Render(string language, IReadOnlyDictionary<string, string>? answers = null, string? patientName = null) =>
        Library.Render("peld-consent", language, Case(patientName ?? (language == "es" ? SpanishPatient : EnglishPatient)), answers ?? QuietScreening());

    public static ConsentDocumentRequest Request(string language = "en", IReadOnlyDictionary<string, string>? answers = null, int teachBackRows = 4,
        bool representativeSigns = false, bool interpreterUsed = false, string? publicBaseUrl = null)
    {
        var consent = Render(language, answers);
        var patient = language == "es" ? SpanishPatient : EnglishPatient;
        var signedAt = new DateTimeOffset(2025, 3, 11, 14, 5, 30, TimeSpan.Zero);
        var questions = language == "es"
            ? new[] { ("¿En qué nivel se hará el procedimiento?", "En L4-L5, del lado izquierdo."), ("¿Qué riesgo recuerda?", "Un desgarro dural, poco común."), ("¿Qué otra opción tiene?", "Fisioterapia o no hacer nada."), ("¿Puede cambiar de opinión?", "Sí, antes de que empiece. ¡Claro!") }
            : new[] { ("At which level is the procedure?", "L4-L5, on the left side."), ("Name one risk.", "A dural tear, which is uncommon."), ("Name an alternative.", "Physical therapy, or doing nothing."), ("Can you change your mind?", "Yes, any time before it starts.") };
        var teachBack = Enumerable.Range(0, teachBackRows).Select(i => questions[i % questions.Length]).Select(q => new TeachBackItem(q.Item1, q.Item2, true)).ToList();

        return new ConsentDocumentRequest(
            Guid.Parse("7d1c2f4e-5a6b-4c3d-9e8f-0123456789ab"),
            1,
            null,
            new ClinicDetails("Riverside Spine Center", "1200 Riverside Drive, Suite 300, Austin, TX 78701", publicBaseUrl),
            new PatientIdentity(patient, "MRN-0042137", new DateOnly(1971, 4, 9)),
            new ProcedureDetails(
                language == "es" ? "Extracción endoscópica de parte de un disco lumbar" : "Endoscopic removal of part of a lumbar disc",
                language == "es" ? "Discectomía lumbar endoscópica percutánea" : "Percutaneous endoscopic lumbar discectomy",
                "62380", "L4-L5", "left", language == "es" ? "Transforaminal" : "Transforaminal"),
            "Dr. Ana Ibáñez",
            new DateTimeOffset(2025, 3, 18, 13, 30, 0, TimeSpan.Zero),
            "America/Chicago",
            language,
            consent,
            teachBack,
            ["ASA II; Mallampati II; STOP-BANG 2 (low)", "Fasting instructions given; escort confirmed", "Anticoagulant: none"],
            ["MRI without contrast 2025-02-02: L4-L5 left paracentral extrusion", "Flexion/extension radiographs: no instability", "Case, consent and imaging level and side agree"],
            [
                representativeSigns
                    ? new ConsentSigner(SignerRole.LegalRepresentative, RepresentativeName, language == "es" ? "Doy mi consentimiento en nombre del paciente." : "I consent on the patient's behalf.", signedAt, "America/Chicago", new PngSignature(RgbaPng.Scribble()))
                    : new ConsentSigner(SignerRole.Patient, patient, language == "es" ? "Doy mi consentimiento para el procedimiento descrito." : "I consent to the procedure described above.", signedAt, "America/Chicago", new PngSignature(RgbaPng.Scribble())),
                new ConsentSigner(SignerRole.Witness, "Grace Whitfield, RN", "I witnessed the patient sign.", signedAt.AddMinutes(1), "America/Chicago", Strokes()),
                .. interpreterUsed
                    ? new[] { new ConsentSigner(SignerRole.Interpreter, InterpreterName, "I interpreted this discussion and document accurately.", signedAt.AddMinutes(2), "America/Chicago", Strokes()) }
                    : [],
                new ConsentSigner(SignerRole.Surgeon, "Dr. Ana Ibáñez", "I explained the procedure, risks, benefits and alternatives.", signedAt.AddMinutes(3), "America/New_York", Strokes()),
            ],
            new SigningEvidence(
                consent.Sections.Select((s, i) => new SectionReadingTime(s.Id, 20 + 7 * i)).ToList(),
                "b5d4c0f1e2a3948576a1b2c3d4e5f60718293a4b5c6d7e8f9012345678abcdef"),
            new ConsentCircumstances(
                PatientHasCapacity: !representativeSigns,
                CapacityAssessedBy: CapacityAssessor,
                representativeSigns ? new LegalRepresentativeAuthority(RepresentativeRelationship, RepresentativeAuthority) : null,
                interpreterUsed ? new InterpreterDetails(InterpreterName, language, "video") : null));
    }

    public const string CapacityAssessor = "Dr. Ana Ibáñez";
    public const string RepresentativeName = "Marta Quintero";
    public const string RepresentativeRelationship = "Daughter";
    public const string RepresentativeAuthority = "Durable power of attorney for health care, 2023-06-01";
    public const string InterpreterName = "Luis Ortega, certified medical interpreter #4471";

    static StrokeSignature Strokes() => new(400, 120,
    [
        [new(10, 90), new(60, 20), new(110, 95), new(160, 30)],
        [new(180, 70), new(260, 60), new(380, 80)],
    ]);

    static string FindTemplateFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "workflows", "consent-templates");
            if (Directory.Exists(candidate))
                return candidate;
        }

        throw new DirectoryNotFoundException("workflows/consent-templates not found above the test output folder");
    }
}
