using System.Text.RegularExpressions;

namespace ConsentFlow.Web.Components.Localization;

/// <summary>
/// Spanish for the values the data carries as English codes (roles, sides, approaches, sedation plans, statuses) and for
/// the engine's field-validation messages. Sentences written for one page keep their two languages side by side in the
/// page (<see cref="UiState.T"/>); words that come from the data live here, once, so every page says them the same way.
/// </summary>
public static partial class Vocabulary
{
    /// <summary>Spanish by code. A code with no entry is shown as is, and the vocabulary test fails for the known codes.</summary>
    public static readonly IReadOnlyDictionary<string, string> Spanish = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        // Staff roles and signing capacities
        ["nurse"] = "enfermería", ["surgeon"] = "cirujano/a", ["anesthesiologist"] = "anestesiólogo/a", ["scheduler"] = "programación",
        ["administrator"] = "administración", ["witness"] = "testigo", ["patient"] = "paciente", ["interpreter"] = "intérprete",
        // Side and approach of the procedure
        ["left"] = "izquierdo", ["right"] = "derecho", ["bilateral"] = "bilateral",
        ["transforaminal"] = "transforaminal", ["interlaminar"] = "interlaminar",
        ["Percutaneous endoscopic lumbar discectomy"] = "Discectomía lumbar endoscópica percutánea",
        // Sedation plan
        ["minimal"] = "mínima", ["moderate"] = "moderada", ["deep"] = "profunda", ["general"] = "general", ["local"] = "local",
        // Consent status (engine ConsentStatus)
        ["Proposed"] = "Propuesto", ["Active"] = "Vigente", ["Inactive"] = "Inactivo", ["Rejected"] = "Rechazado",
        // Signed document status
        ["current"] = "vigente", ["superseded"] = "reemplazado",
        // Case status (engine InstanceStatus)
        ["Running"] = "En curso", ["Ready"] = "Listo", ["Cancelled"] = "Cancelado", ["Withdrawn"] = "Retirado", ["Completed"] = "Completado",
    };

    /// <summary>The engine's field messages (<c>FormValidator</c>, <c>FieldValues</c>), which it gives in English only.</summary>
    private static readonly IReadOnlyDictionary<string, string> SpanishMessages = new Dictionary<string, string>
    {
        ["is required"] = "es obligatorio",
        ["must be a number"] = "debe ser un número",
        ["must be yes or no (true/false)"] = "debe ser sí o no",
        ["must be text"] = "debe ser texto",
        ["must be a date like 2026-03-01"] = "debe ser una fecha",
        ["must be a date and time with its offset, like 2026-03-01T07:30:00-05:00"] = "debe ser una fecha y hora",
        ["must be one of the listed choices"] = "debe ser una de las opciones",
        ["must be a list of choices"] = "debe ser una lista de opciones",
        // Date answers checked against the case (DateBounds)
        ["must not be in the future"] = "no puede ser una fecha futura",
        ["must not be after the day of the procedure"] = "no puede ser posterior al día del procedimiento",
        ["must not be after the scheduled start of the procedure"] = "no puede ser posterior a la hora prevista de inicio del procedimiento",
    };

    public static string Term(string code, string language) =>
        language == "es" && Spanish.TryGetValue(code, out var spanish) ? spanish : code;

    /// <summary>A validation message in the screen's language; a rule's own sentence (already worded for people) passes through.</summary>
    public static string Message(string message, string language)
    {
        if (language != "es") return message;
        if (SpanishMessages.TryGetValue(message, out var spanish)) return spanish;
        var bound = Bound().Match(message);
        return bound.Success ? $"debe ser {(bound.Groups[1].Value == "least" ? "como mínimo" : "como máximo")} {bound.Groups[2].Value}" : message;
    }

    /// <summary>
    /// A Spanish sentence from the engine (a blocker, a task title) still names roles by their codes ("pendiente de
    /// witness", "Firmar el consentimiento (patient)"); in Spanish text those English words can only be role codes.
    /// </summary>
    public static string Sentence(string sentence, string language) =>
        language == "es" ? RoleCode().Replace(sentence, match => Spanish[match.Value]) : sentence;

    [GeneratedRegex("^must be at (least|most) (.+)$")]
    private static partial Regex Bound();

    [GeneratedRegex(@"\b(nurse|surgeon|anesthesiologist|scheduler|administrator|witness|patient|interpreter)\b")]
    private static partial Regex RoleCode();
}
