using System.Text.RegularExpressions;
using ConsentFlow.Engine.Definitions;
using Hl7.Fhir.Model;

namespace ConsentFlow.Fhir.Mapping;

/// <summary>How a form's fields are coded in FHIR: the code system of a choice, the UCUM code of a unit, the type of a computed value.</summary>
public static partial class FormCodes
{
    /// <summary>The unit a quantity item is answered in (core R4 extension; questionnaire-unit is for integer and decimal items).</summary>
    public const string UnitExtension = "http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption";
    public const string CalculatedExpression = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression";
    public const string LaunchContext = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-launchContext";

    /// <summary>Language choices are BCP 47 tags; every other choice is a code of our own, one system per field.</summary>
    public static string ChoiceSystem(string definitionId, string formId, FieldDefinition field) =>
        field.Id.Contains("anguage", StringComparison.Ordinal) && field.Choices.All(c => c.Value.Length == 2)
            ? FhirCodes.Bcp47
            : $"urn:consentflow:code:{definitionId}:{formId}:{field.Id}";

    public static Coding Choice(string definitionId, string formId, FieldDefinition field, string code) =>
        new(ChoiceSystem(definitionId, formId, field), code, field.Choices.FirstOrDefault(c => c.Value == code)?.Label.In("en") ?? code);

    /// <summary>The UCUM code of the units our forms use; null for a unit UCUM does not name (then only the text is sent).</summary>
    public static string? Ucum(string? unit) => unit switch
    {
        "kg/m²" or "kg/m2" => "kg/m2",
        "cm" => "cm",
        "kg" => "kg",
        "°C" => "Cel",
        "mmHg" => "mm[Hg]",
        "/min" => "/min",
        "%" => "%",
        "h" => "h",
        _ => null,
    };

    /// <summary>A computed field made of conditions (teach-back passed, all confirmed) is a yes/no; a sum (STOP-BANG) is a whole number.</summary>
    public static bool ComputesCondition(FieldDefinition field) =>
        field.Expression is { } expression && !expression.TrimStart().StartsWith("if(", StringComparison.Ordinal)
        && (expression.Contains("&&", StringComparison.Ordinal) || expression.Contains("||", StringComparison.Ordinal) || expression.Contains("==", StringComparison.Ordinal));

    /// <summary>
    /// The engine's rule (NCalc) written as FHIRPath for an SDC form filler: answers of the same form, the patient's birth
    /// date and sex from the launch context. Null when the rule reads something FHIRPath cannot reach here.
    /// The procedure's start is not known to a form filler: age counts up to today, which for a screening done before
    /// the procedure differs only across a birthday; the engine's own score (from the scheduled start) is what is stored.
    /// </summary>
    public static string? ToFhirPath(string expression, FormDefinition form)
    {
        var formId = form.Id;
        var unsupported = false;
        var text = AgeAt().Replace(expression, m =>
            $"(({Operand(m.Groups[2].Value)}).toString().substring(0, 4).toInteger() - ({Operand(m.Groups[1].Value)}).toString().substring(0, 4).toInteger()"
            + $" - iif(({Operand(m.Groups[2].Value)}).toString().substring(5, 5) < ({Operand(m.Groups[1].Value)}).toString().substring(5, 5), 1, 0))");
        text = FieldReference().Replace(text, m => Operand(m.Value));
        if (unsupported || NotOperator().IsMatch(text)) return null;
        return IfCall().Replace(text, "iif(").Replace("&&", "and").Replace("||", "or").Replace("==", "=");

        string Operand(string reference)
        {
            var name = reference.Trim('[', ']');
            var dot = name.IndexOf('.');
            if (dot < 0) { unsupported = true; return reference; }
            var (scope, field) = (name[..dot], name[(dot + 1)..]);
            // A number with a unit is answered as a Quantity: its number is value.value.
            if (scope == formId)
                return form.FindField(field) is { Type: FieldType.Number, Unit: not null }
                    ? $"%resource.item.where(linkId = '{field}').answer.value.value"
                    : $"%resource.item.where(linkId = '{field}').answer.value";
            if (scope != "case") { unsupported = true; return reference; }
            switch (field)
            {
                case "birthDate": return "%patient.birthDate";
                case "sex": return "iif(%patient.gender = 'male', 'M', iif(%patient.gender = 'female', 'F', 'X'))";
                case "scheduledStart": return "today()";
                default: unsupported = true; return reference;
            }
        }
    }

    [GeneratedRegex(@"ageAt\(\s*(\[[^\]]+\])\s*,\s*(\[[^\]]+\])\s*\)")]
    private static partial Regex AgeAt();

    [GeneratedRegex(@"\[[A-Za-z0-9_]+\.[A-Za-z0-9_]+\]")]
    private static partial Regex FieldReference();

    [GeneratedRegex(@"!(?!=)")]
    private static partial Regex NotOperator();

    [GeneratedRegex(@"\bif\(")]
    private static partial Regex IfCall();
}
