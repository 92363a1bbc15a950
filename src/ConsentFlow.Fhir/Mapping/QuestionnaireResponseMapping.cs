using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Storage;
using Hl7.Fhir.Model;

namespace ConsentFlow.Fhir.Mapping;

/// <summary>A completed form task: the answers submitted then, the form of the definition version the case runs on.</summary>
public sealed record ResponseFacts(WorkTask Task, string DefinitionId, int DefinitionVersion, FormDefinition Form, JsonObject Answers, FhirPatientFacts Patient);

/// <summary>One completed form as a QuestionnaireResponse of its Questionnaire; answers are typed from the form definition.</summary>
public static class QuestionnaireResponseMapping
{
    public static QuestionnaireResponse Response(ResponseFacts facts, FhirServer server)
    {
        var task = facts.Task;
        var completed = task.CompletedAtUtc ?? task.CreatedAtUtc;
        return new QuestionnaireResponse
        {
            Id = task.Id.ToString(),
            Meta = FhirCodes.Meta("1", completed),
            Text = Narratives.Of($"{facts.Form.Title.In("en")}, completed {FhirCodes.Instant(completed)}."),
            Identifier = FhirCodes.Urn(task.Id),
            Questionnaire = $"{server.QuestionnaireUrl(facts.DefinitionId, facts.Form.Id)}|{facts.DefinitionVersion}",
            Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
            Subject = PatientMapping.Reference(facts.Patient),
            Authored = FhirCodes.Instant(completed),
            // The signed-in account that submitted the form, not a name anyone could type.
            Author = new ResourceReference
            {
                Type = "Practitioner",
                Identifier = new Identifier(FhirCodes.UserSystem, task.CompletedBy),
                Display = task.CompletedByRole,
            },
            Item = Items(facts.DefinitionId, facts.Form.Id, facts.Form.Fields, facts.Answers),
        };
    }

    private static List<QuestionnaireResponse.ItemComponent> Items(string definitionId, string formId, IEnumerable<FieldDefinition> fields, JsonObject answers)
    {
        var items = new List<QuestionnaireResponse.ItemComponent>();
        foreach (var field in fields)
        {
            if (answers[field.Id] is not { } value) continue;
            if (field.Type == FieldType.List)
            {
                // A repeating group: one item per entry, each with its own answers.
                foreach (var entry in (value as JsonArray ?? []).OfType<JsonObject>())
                {
                    var children = Items(definitionId, formId, field.ItemFields, entry);
                    if (children.Count > 0) items.Add(new QuestionnaireResponse.ItemComponent { LinkId = field.Id, Text = field.Label.In("en"), Item = children });
                }
                continue;
            }
            var answerList = Answers(definitionId, formId, field, value);
            if (answerList.Count == 0) continue;
            items.Add(new QuestionnaireResponse.ItemComponent
            {
                LinkId = field.Id,
                Text = field.Label.In("en"),
                Answer = answerList.Select(v => new QuestionnaireResponse.AnswerComponent { Value = v }).ToList(),
            });
        }
        return items;
    }

    private static List<DataType> Answers(string definitionId, string formId, FieldDefinition field, JsonNode value)
    {
        if (value is JsonArray many)
            return many.OfType<JsonValue>().Select(v => Text(v)).OfType<string>()
                .Select(code => (DataType)FormCodes.Choice(definitionId, formId, field, code)).ToList();
        if (value is not JsonValue single) return [];
        DataType? answer = field.Type switch
        {
            FieldType.YesNo => single.TryGetValue<bool>(out var yes) ? new FhirBoolean(yes) : null,
            FieldType.Number => Number(single) is { } number ? Quantity(field, number) : null,
            FieldType.Date => Text(single) is { } date && DateOnly.TryParse(date, CultureInfo.InvariantCulture, out var day) ? new Date(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) : null,
            FieldType.DateTime => Text(single) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? new FhirDateTime(FhirCodes.Instant(at.UtcDateTime)) : null,
            FieldType.Choice => Text(single) is { } code ? FormCodes.Choice(definitionId, formId, field, code) : null,
            FieldType.Computed => Computed(field, single),
            FieldType.Signature => null,
            _ => Text(single) is { } s ? new FhirString(s) : null,
        };
        return answer is null ? [] : [answer];
    }

    private static DataType Quantity(FieldDefinition field, decimal number) => field.Unit switch
    {
        null => new FhirDecimal(number),
        var unit => FormCodes.Ucum(unit) is { } ucum
            ? new Quantity { Value = number, Unit = unit, System = FhirCodes.Ucum, Code = ucum }
            : new Quantity { Value = number, Unit = unit },
    };

    /// <summary>The same type the Questionnaire declares for the field.</summary>
    private static DataType? Computed(FieldDefinition field, JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.True or JsonValueKind.False => new FhirBoolean(value.GetValue<bool>()),
        JsonValueKind.Number when FormCodes.ComputesCondition(field) => new FhirBoolean(Number(value) != 0),
        JsonValueKind.Number => Number(value) is { } n ? new Integer((int)Math.Round(n)) : null,
        _ => null,
    };

    private static decimal? Number(JsonValue value) =>
        value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<decimal>(out var number) ? number
        : Text(value) is { } text && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

    private static string? Text(JsonValue value) => value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } text ? text.Trim() is { Length: > 0 } t ? t : null : null;
}
