using System.Text.Json.Nodes;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Expressions;

namespace ConsentFlow.Web.Components.Forms;

/// <summary>
/// Whether a conditionally required field ("requiredWhen") is required by the answers on screen right now, so its marker
/// turns from "(*)" to "*" as the nurse answers (e.g. "Allergy details" once "other" is ticked). The server still
/// decides on submit; a rule that needs what the screen does not have (case data, tables) stays "(*)".
/// </summary>
public static class LiveRequirement
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> NoTables =
        new Dictionary<string, IReadOnlyDictionary<string, decimal>>();

    public static bool Holds(FieldDefinition field, string formId, IReadOnlyDictionary<string, JsonNode?> answers)
    {
        if (field.RequiredWhen is not { } rule) return false;
        var values = answers.ToDictionary(a => $"{formId}.{a.Key}", a => Typed(a.Value));
        return Rule.Parse(rule).Holds(new RuleContext(values, NoTables, DateTime.UtcNow, TimeZoneInfo.Utc));
    }

    /// <summary>The rule engine's types for the answers a condition reads: yes/no, choices, lists of choices, numbers.</summary>
    private static object? Typed(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        JsonValue value when value.TryGetValue<decimal>(out var number) => number,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonArray array => array.Select(item => item?.ToString() ?? "").ToArray(),
        _ => null,
    };
}
