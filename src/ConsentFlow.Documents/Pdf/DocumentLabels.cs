namespace ConsentFlow.Documents.Pdf;

/// <summary>The fixed wording of the document around the consent text, in each supported language.</summary>
internal sealed record DocumentLabels(
    string Culture,
    string DocumentTitle,
    string PatientHeading,
    string Patient,
    string Mrn,
    string DateOfBirth,
    string Procedure,
    string TechnicalName,
    string Level,
    string Side,
    string Left,
    string Right,
    string Approach,
    string Surgeon,
    string ScheduledStart,
    string DocumentHeading,
    string DocumentId,
    string Version,
    string Supersedes,
    string Template,
    string ConsentHeading,
    string ShownBecause,
    string TeachBackHeading,
    string Question,
    string Answer,
    string Result,
    string Passed,
    string Failed,
    string ScreeningHeading,
    string ImagingHeading,
    string SignaturesHeading,
    string Role,
    string PrintedName,
    string Meaning,
    string SignedAt,
    string EvidenceHeading,
    string ShownTextSha256,
    string TemplateSha256,
    string JournalHash,
    string ReadingTimeHeading,
    string Section,
    string Seconds,
    string ConditionalHeading,
    string Cause,
    string QrCaption,
    string PageFooter,
    IReadOnlyDictionary<SignerRole, string> Roles)
{
    public static DocumentLabels For(string language) => language switch
    {
        "en" => English,
        "es" => Spanish,
        _ => throw new ArgumentException($"unsupported document language '{language}'", nameof(language)),
    };

    public string SideName(string side) => side.Trim().ToLowerInvariant() switch
    {
        "left" => Left,
        "right" => Right,
        _ => throw new ArgumentException("side must be 'left' or 'right'", nameof(side)),
    };

    static readonly DocumentLabels English = new(
        "en-US", "Informed consent", "Patient and procedure", "Patient", "Medical record number", "Date of birth",
        "Procedure", "Technical name", "Level", "Side", "left", "right", "Approach", "Responsible surgeon", "Scheduled start",
        "Document", "Document ID", "Version", "Supersedes", "Consent template",
        "Consent text shown to the patient", "Shown because", "Teach-back questions", "Question", "Answer", "Result", "understood", "not understood",
        "Sedation screening summary", "Imaging checks", "Signatures", "Role", "Printed name", "Meaning of signature", "Signed at",
        "Evidence", "SHA-256 of the text shown on the tablet", "SHA-256 of the template file", "Journal hash at signing",
        "Time spent per section", "Section", "Seconds", "Conditional paragraphs", "Cause",
        "Scan the code to check in the clinic's records that this document exists and is the current version:", "Page {0} of {1}",
        new Dictionary<SignerRole, string>
        {
            [SignerRole.Patient] = "Patient",
            [SignerRole.LegalRepresentative] = "Legal representative",
            [SignerRole.Witness] = "Witness",
            [SignerRole.Interpreter] = "Interpreter",
            [SignerRole.Surgeon] = "Surgeon",
        });

    static readonly DocumentLabels Spanish = new(
        "es-US", "Consentimiento informado", "Paciente y procedimiento", "Paciente", "Número de historia clínica", "Fecha de nacimiento",
        "Procedimiento", "Nombre técnico", "Nivel", "Lado", "izquierdo", "derecho", "Abordaje", "Cirujano responsable", "Inicio programado",
        "Documento", "ID del documento", "Versión", "Reemplaza a", "Plantilla de consentimiento",
        "Texto del consentimiento mostrado al paciente", "Se muestra porque", "Preguntas de comprensión", "Pregunta", "Respuesta", "Resultado", "comprendido", "no comprendido",
        "Resumen de la evaluación para sedación", "Verificación de imágenes", "Firmas", "Función", "Nombre en letra de molde", "Significado de la firma", "Firmado el",
        "Evidencia", "SHA-256 del texto mostrado en la tableta", "SHA-256 del archivo de plantilla", "Hash del diario al firmar",
        "Tiempo dedicado a cada sección", "Sección", "Segundos", "Párrafos condicionales", "Causa",
        "Escanee el código para comprobar en los registros de la clínica que este documento existe y es la versión vigente:", "Página {0} de {1}",
        new Dictionary<SignerRole, string>
        {
            [SignerRole.Patient] = "Paciente",
            [SignerRole.LegalRepresentative] = "Representante legal",
            [SignerRole.Witness] = "Testigo",
            [SignerRole.Interpreter] = "Intérprete",
            [SignerRole.Surgeon] = "Cirujano",
        });
}
