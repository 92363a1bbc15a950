using System.Text.Json.Nodes;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Web.Fhir;

/// <summary>One completed form task as a FHIR R4 QuestionnaireResponse; answers are typed from the form definition.</summary>
internal static class QuestionnaireResponseResource
{
    public static string QuestionnaireUrl(string definitionId, string formId, int version) =>
        $"urn:consentflow:questionnaire:{definitionId}:{formId}|{version}";

    public static JsonObject From(WorkTask task, WorkflowInstance instance, PatientCase patientCase, FormDefinition form, JsonObject answers)
    {
        var items = new JsonArray();
        foreach (var field in form.Fields)
        {
            if (answers[field.Id] is not { } value) continue;
            var answerList = Answers(field, value);
            if (answerList.Count == 0) continue;
            items.Add(new JsonObject { ["linkId"] = field.Id, ["text"] = field.Label.In("en"), ["answer"] = answerList });
        }
        return new JsonObject
        {
            ["resourceType"] = "QuestionnaireResponse",
            ["id"] = task.Id.ToString(),
            ["questionnaire"] = QuestionnaireUrl(instance.DefinitionId, form.Id, instance.DefinitionVersion),
            ["status"] = "completed",
            ["subject"] = FhirJson.PatientReference(patientCase.Id, patientCase.Mrn),
            ["authored"] = FhirJson.Instant(task.CompletedAtUtc ?? task.CreatedAtUtc),
            ["author"] = new JsonObject
            {
                ["identifier"] = new JsonObject { ["system"] = "urn:consentflow:user", ["value"] = task.CompletedBy },
                ["display"] = task.CompletedByRole,
            },
            ["item"] = items,
        };
    }

    private static JsonArray Answers(FieldDefinition field, JsonNode value)
    {
        if (value is JsonArray many)
            return new JsonArray(many.OfType<JsonValue>().Select(v => (JsonNode)Choice(field, v.GetValue<string>())).ToArray());
        var answer = field.Type switch
        {
            FieldType.YesNo => new JsonObject { ["valueBoolean"] = value.DeepClone() },
            FieldType.Number when field.Unit is { } unit => new JsonObject
            {
                ["valueQuantity"] = new JsonObject { ["value"] = value.DeepClone(), ["unit"] = unit },
            },
            FieldType.Number => new JsonObject { ["valueDecimal"] = value.DeepClone() },
            FieldType.Date => new JsonObject { ["valueDate"] = value.DeepClone() },
            FieldType.DateTime => new JsonObject { ["valueDateTime"] = value.DeepClone() },
            FieldType.Choice => Choice(field, value.GetValue<string>()),
            FieldType.Computed => Computed(value),
            _ => new JsonObject { ["valueString"] = value.DeepClone() },
        };
        return new JsonArray(answer);
    }

    private static JsonObject Choice(FieldDefinition field, string code) => new()
    {
        ["valueCoding"] = new JsonObject
        {
            ["code"] = code,
            ["display"] = field.Choices.FirstOrDefault(c => c.Value == code)?.Label.In("en") ?? code,
        },
    };

    /// <summary>Computed values (the STOP-BANG score, teach-back passed) keep the JSON type the engine produced.</summary>
    private static JsonObject Computed(JsonNode value) => value.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => new JsonObject { ["valueBoolean"] = value.DeepClone() },
        System.Text.Json.JsonValueKind.Number => new JsonObject { ["valueDecimal"] = value.DeepClone() },
        _ => new JsonObject { ["valueString"] = value.ToString() },
    };
}
