using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentFlow.Engine.Definitions;

namespace ConsentFlow.Engine.Forms;

/// <summary>Converts between stored JSON answers and the typed values rules compute with.</summary>
internal static class FieldValues
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd"];

    /// <summary>The typed value, or an error message when the JSON does not fit the field's type.</summary>
    public static (object? Value, string? Error) Read(FieldDefinition field, JsonNode? node)
    {
        if (node is null) return (null, null);
        try
        {
            return field.Type switch
            {
                FieldType.Text => ReadText(field, node),
                FieldType.Signature => ReadSignature(field, node),
                FieldType.Number or FieldType.Computed when node.GetValueKind() == JsonValueKind.Number => (Number(node), null),
                FieldType.Computed => (ToClr(node), null),
                FieldType.Number => (null, "must be a number"),
                FieldType.YesNo when node.GetValueKind() is JsonValueKind.True or JsonValueKind.False => (node.GetValue<bool>(), null),
                FieldType.YesNo => (null, "must be yes or no (true/false)"),
                FieldType.Date => ReadDate(node),
                FieldType.DateTime => ReadDateTime(node),
                FieldType.Choice => ReadChoice(field, node),
                FieldType.MultiChoice => ReadChoices(field, node),
                FieldType.List => ListFieldReader.Read(field, node) is var (list, errors) && errors.Count > 0
                    ? (null, $"{errors[0].Field}: {errors[0].Message}")
                    : (list, null),
                _ => (null, "has an unsupported type"),
            };
        }
        catch (OverflowException)
        {
            // JSON allows 1e400; no clinical value is that large, and the rules compute in decimal.
            return (null, "is outside the range of numbers this field accepts");
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            return (null, $"is not a valid {field.Type} value");
        }
    }

    public static JsonNode? Write(object? value) => value switch
    {
        null => null,
        decimal number => JsonValue.Create(number),
        bool flag => JsonValue.Create(flag),
        DateTime { Kind: DateTimeKind.Utc } moment => JsonValue.Create(moment.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
        DateTime date => JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        string[] items => new JsonArray(items.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()),
        Expressions.ListAnswer list => ListFieldReader.Write(list),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    private static (object?, string?) ReadText(FieldDefinition field, JsonNode node)
    {
        if (node.GetValueKind() != JsonValueKind.String) return (null, "must be text");
        var text = node.GetValue<string>().Trim();
        var limit = field.MaxLength ?? 4000;
        if (text.Length > limit) return (null, $"must be at most {limit} characters");
        // Answers are printed in the signed PDF and sent to the EHR: line breaks yes, NUL and escape sequences no.
        if (TextRules.HasForbiddenCharacters(text, identifier: false)) return (null, "must not contain control characters other than line breaks");
        return (text.Length == 0 ? null : text, null);
    }

    private static (object?, string?) ReadSignature(FieldDefinition field, JsonNode node)
    {
        if (node.GetValueKind() != JsonValueKind.String) return (null, "must be pen strokes from the signature pad (text)");
        var text = node.GetValue<string>().Trim();
        if (text.Length == 0) return (null, null);
        var (_, error) = SignatureStrokes.Parse(text, field.MaxLength ?? SignatureStrokes.MaxCharacters);
        return error is null ? (text, null) : (null, error);
    }

    private static (object?, string?) ReadDate(JsonNode node) =>
        node.GetValueKind() == JsonValueKind.String
        && DateTime.TryParseExact(node.GetValue<string>(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? (date, null)
            : (null, "must be a date like 2026-03-01");

    private static (object?, string?) ReadDateTime(JsonNode node) =>
        node.GetValueKind() == JsonValueKind.String
        && DateTimeOffset.TryParse(node.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var moment)
        && node.GetValue<string>().Contains('T')
            ? (moment.UtcDateTime, null)
            : (null, "must be a date and time with its offset, like 2026-03-01T07:30:00-05:00");

    private static (object?, string?) ReadChoice(FieldDefinition field, JsonNode node)
    {
        if (node.GetValueKind() != JsonValueKind.String) return (null, "must be one of the listed choices");
        var value = node.GetValue<string>();
        return field.Choices.Any(c => c.Value == value)
            ? (value, null)
            : (null, $"must be one of: {string.Join(", ", field.Choices.Select(c => c.Value))}"); // never the value sent: it may be PHI
    }

    private static (object?, string?) ReadChoices(FieldDefinition field, JsonNode node)
    {
        if (node is not JsonArray array) return (null, "must be a list of choices");
        var values = new List<string>();
        foreach (var item in array)
        {
            var (value, error) = ReadChoice(field, item!);
            if (error is not null) return (null, error);
            values.Add((string)value!);
        }
        return (values.Distinct().ToArray(), null);
    }

    // A node built in code may hold an int or double; its JSON text is the one representation every number shares.
    private static decimal Number(JsonNode node) => decimal.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static object? ToClr(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Number => Number(node),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => node.GetValue<string>(),
        _ => null,
    };
}
