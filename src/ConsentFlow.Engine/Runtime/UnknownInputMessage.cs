using System.Text.Json;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Expressions;

namespace ConsentFlow.Engine.Runtime;

/// <summary>
/// The sentence for a safety rule that could not be decided: what is unknown, and who must decide. It names fields by
/// their labels and table keys by the definition's values, never an answer a patient gave.
/// </summary>
internal static class UnknownInputMessage
{
    private static readonly Dictionary<string, string> SpanishRoles = new()
    {
        ["scheduler"] = "programación", ["nurse"] = "enfermería", ["surgeon"] = "el cirujano", ["anesthesiologist"] = "el anestesiólogo",
        ["patient"] = "el paciente", ["witness"] = "el testigo", ["interpreter"] = "el intérprete", ["administrator"] = "administración",
    };

    /// <summary>JSON {"en": ..., "es": ...}, like every stored message.</summary>
    public static string Json(WorkflowDefinition definition, string ruleId, UnknownInput input, IReadOnlyList<string> deciders) =>
        JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["en"] = $"Cannot check '{ruleId}': {What(definition, input, "en")} is not known. {Deciders(deciders, "en")} must decide.",
            ["es"] = $"No se puede comprobar '{ruleId}': se desconoce {What(definition, input, "es")}. Debe decidir {Deciders(deciders, "es")}.",
        });

    /// <summary>For a submission: the person submitting can supply what is missing.</summary>
    public static string AnswerFirstJson(WorkflowDefinition definition, string conditionId, UnknownInput input) =>
        JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["en"] = $"Cannot check '{conditionId}': {What(definition, input, "en")} is not known; answer it and submit again.",
            ["es"] = $"No se puede comprobar '{conditionId}': se desconoce {What(definition, input, "es")}; respóndalo y envíe de nuevo.",
        });

    private static string What(WorkflowDefinition definition, UnknownInput input, string language)
    {
        if (input.Table is not null)
            return language == "es" ? $"'{input.Key}' en la tabla '{input.Table}'" : $"'{input.Key}' in the '{input.Table}' table";
        var reference = input.Field ?? "";
        var dot = reference.IndexOf('.');
        var (owner, id) = dot < 0 ? ("", reference) : (reference[..dot], reference[(dot + 1)..]);
        var form = definition.FindForm(owner);
        var label = owner + "." == StopRule.ItemPrefix
            ? definition.Forms.SelectMany(f => f.Fields).SelectMany(f => f.ItemFields).FirstOrDefault(f => f.Id == id)?.Label.In(language)
            : form?.FindField(id)?.Label.In(language);
        return label is null ? $"'{reference}'" : form is null ? $"'{label}'" : $"'{label}' ({form.Title.In(language)})";
    }

    private static string Deciders(IReadOnlyList<string> roles, string language)
    {
        var names = language == "es" ? roles.Select(r => SpanishRoles.GetValueOrDefault(r, r)).ToList() : roles.Select(r => "the " + r).ToList();
        var joined = names.Count <= 1 ? string.Concat(names) : string.Join(", ", names.SkipLast(1)) + (language == "es" ? " y " : " and ") + names[^1];
        return language == "es" ? joined : char.ToUpperInvariant(joined[0]) + joined[1..];
    }
}
