using System.Globalization;
using System.Text.Json.Nodes;
using ConsentFlow.Engine.Definitions;

namespace ConsentFlow.Application.Timeline;

/// <summary>
/// Stored answers in a reader's words: each field's label, choices by their labels, yes/no, dates in the case's time
/// zone. A signature is never spelled out (its pen strokes are shown as an image where a reviewer needs them).
/// </summary>
public static class AnswerText
{
    public static IReadOnlyList<AnswerLine> Lines(FormDefinition form, JsonObject? answers, string language, string timeZoneId)
    {
        if (answers is null) return [];
        var lines = new List<AnswerLine>();
        foreach (var field in form.Fields)
        {
            if (!answers.TryGetPropertyValue(field.Id, out var value) || value is null) continue;
            if (field.Type == FieldType.Signature) continue;
            var text = Value(field, value, language, timeZoneId);
            if (text.Length > 0) lines.Add(new AnswerLine(field.Label.In(language), text));
        }
        return lines;
    }

    public static string Value(FieldDefinition field, JsonNode value, string language, string timeZoneId) => field.Type switch
    {
        FieldType.YesNo => Bool(value) is { } yes ? YesNo(yes, language) : value.ToString(),
        FieldType.Choice => Choice(field, Scalar(value), language),
        FieldType.MultiChoice => value is JsonArray many ? string.Join(", ", many.Where(v => v is not null).Select(v => Choice(field, Scalar(v!), language))) : Choice(field, Scalar(value), language),
        FieldType.DateTime => Moment(Scalar(value), timeZoneId, language),
        FieldType.Date => Day(Scalar(value), language),
        FieldType.List => value is JsonArray items ? string.Join("; ", items.OfType<JsonObject>().Select(item => Item(field, item, language, timeZoneId))) : Scalar(value),
        FieldType.Computed => Bool(value) is { } flag ? YesNo(flag, language) : Scalar(value),
        FieldType.Number => Scalar(value) + (field.Unit is { Length: > 0 } unit ? " " + unit : ""),
        _ => Scalar(value),
    };

    public static string YesNo(bool yes, string language) => yes ? (language == "es" ? "Sí" : "Yes") : "No";

    /// <summary>"Mon 4 May 2026, 07:30 (Chicago)": the one format the screens use, in the case's zone.</summary>
    public static string Moment(DateTime utc, string timeZoneId, string language)
    {
        var zone = Zone(timeZoneId);
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
        var city = zone == TimeZoneInfo.Utc ? "UTC" : timeZoneId[(timeZoneId.LastIndexOf('/') + 1)..].Replace('_', ' ');
        return $"{local.ToString("ddd d MMM yyyy, HH:mm", Culture(language))} ({city})";
    }

    public static string Day(DateTime utc, string timeZoneId, string language) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone(timeZoneId)).ToString("d MMM yyyy", Culture(language));

    private static string Item(FieldDefinition list, JsonObject item, string language, string timeZoneId) =>
        string.Join(", ", list.ItemFields.Where(f => item[f.Id] is not null)
            .Select(f => $"{f.Label.In(language)}: {Value(f, item[f.Id]!, language, timeZoneId)}"));

    private static string Choice(FieldDefinition field, string value, string language) =>
        field.Choices.FirstOrDefault(c => c.Value == value)?.Label.In(language) ?? value;

    private static string Moment(string text, string timeZoneId, string language) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? Moment(at.UtcDateTime, timeZoneId, language) : text;

    private static string Day(string text, string language) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day.ToString("d MMM yyyy", Culture(language)) : text;

    private static bool? Bool(JsonNode value) =>
        value is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    private static string Scalar(JsonNode value) => value switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<decimal>(out var d) => d.ToString(CultureInfo.InvariantCulture),
        _ => value.ToJsonString(),
    };

    private static CultureInfo Culture(string language) => CultureInfo.GetCultureInfo(language == "es" ? "es-ES" : "en-GB");

    private static TimeZoneInfo Zone(string timeZoneId) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;
}
