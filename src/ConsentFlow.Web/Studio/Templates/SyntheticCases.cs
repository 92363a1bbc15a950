using ConsentFlow.Documents.Rendering;

namespace ConsentFlow.Web.Studio.Templates;

/// <summary>
/// A made-up patient for previewing a template: the case facts the placeholders read and the answers the
/// <c>::: when</c> conditions read, keyed <c>formId.fieldId</c> as the engine stores them. Nobody real, nothing stored.
/// </summary>
public sealed record SyntheticCase(string Id, string NameEn, string NameEs, ConsentCaseData Data, IReadOnlyDictionary<string, string> Answers)
{
    public string Name(string language) => language == "es" ? NameEs : NameEn;

    public bool RepresentativeSigns => Answers.GetValueOrDefault("consentDiscussion.signer") == "legalRepresentative";

    public bool InterpreterUsed => Answers.GetValueOrDefault("consentDiscussion.interpreterUsed") == "yes";
}

/// <summary>
/// The built-in synthetic cases; together they switch on every conditional paragraph of the PELD consent (blood
/// thinners, sleep apnea, possible pregnancy) and cover each side, several levels, a legal representative and an interpreter.
/// </summary>
public static class SyntheticCases
{
    private static readonly DateOnly Scheduled = new(2027, 3, 15);

    public static readonly IReadOnlyList<SyntheticCase> All =
    [
        Case("routine", "Left L4-L5 · no blood thinners · patient signs", "L4-L5 izquierdo · sin anticoagulantes · firma el paciente",
            "L4-L5", "left", new()),
        Case("blood-thinner-interpreter", "Right L5-S1 · takes apixaban · interpreter used", "L5-S1 derecho · toma apixabán · con intérprete",
            "L5-S1", "right", new()
            {
                ["sedation.antithrombotics"] = "apixaban",
                ["consentDiscussion.interpreterUsed"] = "yes",
                ["consentDiscussion.interpreterId"] = "INT-0042",
                ["consentDiscussion.interpreterLanguage"] = "es",
                ["consentDiscussion.interpreterMode"] = "video",
            }),
        Case("sleep-apnea-representative", "Left L3-L4 · sleep apnea (STOP-Bang 6) · legal representative signs",
            "L3-L4 izquierdo · apnea del sueño (STOP-Bang 6) · firma el representante legal",
            "L3-L4", "left", new()
            {
                ["sedation.stopBangScore"] = "6",
                ["sedation.osaDiagnosed"] = "yes",
                ["consentDiscussion.signer"] = "legalRepresentative",
                ["consentDiscussion.hasCapacity"] = "no",
                ["consentDiscussion.representativeRelationship"] = "Daughter",
                ["consentDiscussion.representativeAuthority"] = "Health care power of attorney",
            }),
        Case("pregnancy-dual-therapy", "Right L4-L5 · pregnancy possible · aspirin and clopidogrel",
            "L4-L5 derecho · posible embarazo · aspirina y clopidogrel",
            "L4-L5", "right", new()
            {
                ["sedation.antithrombotics"] = "aspirin, clopidogrel",
                ["sedation.pregnancyPossible"] = "yes",
            }),
    ];

    public static SyntheticCase Find(string? id) => All.FirstOrDefault(c => c.Id == id) ?? All[0];

    private static SyntheticCase Case(string id, string nameEn, string nameEs, string level, string side, Dictionary<string, string> answers)
    {
        // Every answer a condition may read has a value, as the engine requires the screening form before consent.
        var all = new Dictionary<string, string>
        {
            ["sedation.antithrombotics"] = "none",
            ["sedation.anticoagulant"] = "none",
            ["sedation.stopBangScore"] = "2",
            ["sedation.osaDiagnosed"] = "no",
            ["sedation.pregnancyPossible"] = "no",
            ["consentDiscussion.signer"] = "patient",
            ["consentDiscussion.hasCapacity"] = "yes",
            ["consentDiscussion.capacityAssessedBy"] = "Dr. Sample Surgeon",
            ["consentDiscussion.interpreterUsed"] = "no",
        };
        foreach (var (key, value) in answers) all[key] = value;
        return new SyntheticCase(id, nameEn, nameEs,
            new ConsentCaseData("Sample Patient", "SAMPLE-0001", new DateOnly(1970, 1, 1), level, side, "Dr. Sample Surgeon", Scheduled), all);
    }
}
