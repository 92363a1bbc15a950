namespace ConsentFlow.Documents.Pdf;

/// <summary>
/// The wording of how consent was obtained (capacity, who signs and under what authority, interpreter) and
/// of the visible seal, in each supported language.
/// </summary>
internal sealed record CircumstanceLabels(
    string Heading,
    string Capacity,
    string HasCapacity,
    string LacksCapacity,
    string AssessedBy,
    string SignerType,
    string PatientSigns,
    string RepresentativeSigns,
    string Interpreter,
    string NoInterpreter,
    string InterpreterFormat,
    IReadOnlyDictionary<string, string> Languages,
    IReadOnlyDictionary<string, string> Modes,
    string SealTitle,
    string SealStatement,
    string PatientHeader)
{
    public static CircumstanceLabels For(string language) => language switch
    {
        "en" => English,
        "es" => Spanish,
        _ => throw new ArgumentException($"unsupported document language '{language}'", nameof(language)),
    };

    public string InterpreterText(InterpreterDetails? interpreter) => interpreter is null
        ? NoInterpreter
        : string.Format(System.Globalization.CultureInfo.InvariantCulture, InterpreterFormat, interpreter.NameOrId,
            Languages.GetValueOrDefault(interpreter.Language, interpreter.Language), Modes.GetValueOrDefault(interpreter.Mode, interpreter.Mode));

    public string SignerText(LegalRepresentativeAuthority? representative) => representative is null
        ? PatientSigns
        : string.Format(System.Globalization.CultureInfo.InvariantCulture, RepresentativeSigns, representative.Relationship, representative.Authority);

    static readonly CircumstanceLabels English = new(
        "How consent was obtained",
        "Capacity to consent", "The patient has the capacity to make this decision.", "The patient does not have the capacity to make this decision.",
        "Capacity assessed by",
        "Who signs", "The patient signs for themselves.", "A legally authorized representative signs for the patient. Relationship: {0}. Authority: {1}.",
        "Interpreter", "No interpreter was used.", "{0} interpreted into {1} ({2}).",
        new Dictionary<string, string> { ["en"] = "English", ["es"] = "Spanish" },
        new Dictionary<string, string> { ["inPerson"] = "in person", ["video"] = "by video", ["phone"] = "by telephone" },
        "Electronic seal of {0}",
        "The clinic sealed this document with its digital certificate when the document was made. The seal certifies the whole file: no change of any kind is allowed after sealing, and any change breaks the seal. The signature panel of a PDF reader shows the seal and its time.",
        "{0} · MRN {1} · Date of birth {2}");

    static readonly CircumstanceLabels Spanish = new(
        "Cómo se obtuvo el consentimiento",
        "Capacidad para consentir", "El paciente tiene capacidad para tomar esta decisión.", "El paciente no tiene capacidad para tomar esta decisión.",
        "Capacidad evaluada por",
        "Quién firma", "El paciente firma por sí mismo.", "Firma un representante legal autorizado en nombre del paciente. Relación: {0}. Autoridad: {1}.",
        "Intérprete", "No se usó intérprete.", "{0} interpretó al {1} ({2}).",
        new Dictionary<string, string> { ["en"] = "inglés", ["es"] = "español" },
        new Dictionary<string, string> { ["inPerson"] = "en persona", ["video"] = "por video", ["phone"] = "por teléfono" },
        "Sello electrónico de {0}",
        "La clínica selló este documento con su certificado digital al crearlo. El sello certifica todo el archivo: no se permite ningún cambio después de sellarlo, y cualquier cambio rompe el sello. El panel de firmas de un lector de PDF muestra el sello y su hora.",
        "{0} · N.º de historia clínica {1} · Fecha de nacimiento {2}");
}
