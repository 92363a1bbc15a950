using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConsentFlow.Web.Studio.Editing;

public sealed record FieldSummary(string Id, string Type, string LabelEn, string LabelEs, string HelpEn, string HelpEs, bool Required);
public sealed record FormSummary(string Id, string TitleEn, string TitleEs, IReadOnlyList<FieldSummary> Fields);
public sealed record ThresholdRow(string Table, string Key, decimal Value);
public sealed record StepAssignment(string StepId, string Kind, string TitleEn, string TitleEs, string? Role, IReadOnlyList<string>? OverrideRoles);

/// <summary>Thrown when a structured edit names something the draft does not have (the draft is left unchanged).</summary>
public sealed class StructuredEditException(string message) : Exception(message);

/// <summary>
/// The common changes made without touching JSON: each edit rewrites the draft's JSON tree, and <see cref="ToJson"/>
/// gives the text that goes back into the code editor and through the same validation as a typed change.
/// </summary>
public sealed class StructuredDraft
{
    public static readonly IReadOnlyList<string> FieldTypes = ["text", "number", "date", "dateTime", "yesNo", "choice", "multiChoice", "computed", "signature", "list"];
    public static readonly IReadOnlyList<string> Languages = ["en", "es"];
    public static readonly IReadOnlyList<string> TextKinds = ["label", "help"];

    private static readonly JsonSerializerOptions Output = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        // Keeps "Discectomía" readable in the editor instead of \u00ED.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly JsonObject _root;

    private StructuredDraft(JsonObject root) => _root = root;

    /// <summary>The draft as a tree, or null when the text is not a JSON object (structured editing waits for valid JSON).</summary>
    public static StructuredDraft? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })
                is JsonObject root ? new StructuredDraft(root) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public string ToJson() => _root.ToJsonString(Output) + "\n";

    public IReadOnlyList<string> Roles => (_root["roles"] as JsonArray)?.Select(r => r?.GetValue<string>() ?? "").Where(r => r.Length > 0).ToList() ?? [];

    public IReadOnlyList<FormSummary> Forms => Array("forms").Select(form => new FormSummary(
        Text(form, "id"), Localized(form["title"], "en"), Localized(form["title"], "es"),
        FieldsOf(form).Select(Summarize).ToList())).ToList();

    private static FieldSummary Summarize(JsonObject node) => new(Text(node, "id"), Text(node, "type"),
        Localized(node["label"], "en"), Localized(node["label"], "es"), Localized(node["help"], "en"), Localized(node["help"], "es"),
        node["required"] is JsonValue required && required.TryGetValue<bool>(out var r) && r);

    public IReadOnlyList<ThresholdRow> Thresholds =>
        (_root["tables"] as JsonObject)?.SelectMany(table => (table.Value as JsonObject)?
            .Where(entry => entry.Value is JsonValue value && value.TryGetValue<decimal>(out _))
            .Select(entry => new ThresholdRow(table.Key, entry.Key, entry.Value!.GetValue<decimal>())) ?? []).ToList() ?? [];

    public IReadOnlyList<StepAssignment> Assignments => Array("steps")
        .Where(step => step["role"] is not null || step["overrideRoles"] is not null)
        .Select(step => new StepAssignment(Text(step, "id"), Text(step, "kind"), Localized(step["title"], "en"), Localized(step["title"], "es"),
            step["role"]?.GetValue<string>(),
            (step["overrideRoles"] as JsonArray)?.Select(r => r?.GetValue<string>() ?? "").ToList()))
        .ToList();

    /// <summary>Adds a field at the end of the form: a new question starts optional, with its label in both languages.</summary>
    public void AddField(string formId, string fieldId, string type, string labelEn, string labelEs)
    {
        if (!FieldTypes.Contains(type)) throw new StructuredEditException($"'{type}' is not a field type");
        var fields = Fields(formId);
        if (fields.Any(f => f is JsonObject existing && Text(existing, "id") == fieldId)) throw new StructuredEditException($"form '{formId}' already has a field '{fieldId}'");
        fields.Add(new JsonObject
        {
            ["id"] = fieldId,
            ["type"] = type,
            ["label"] = new JsonObject { ["en"] = labelEn, ["es"] = labelEs },
        });
    }

    public void RemoveField(string formId, string fieldId)
    {
        var fields = Fields(formId);
        fields.RemoveAt(IndexOf(fields, formId, fieldId));
    }

    /// <summary>Moves a field up (negative) or down (positive) within its form; past either end it stays put.</summary>
    public void MoveField(string formId, string fieldId, int by)
    {
        var fields = Fields(formId);
        var from = IndexOf(fields, formId, fieldId);
        var to = Math.Clamp(from + by, 0, fields.Count - 1);
        if (to == from) return;
        var moved = fields[from];
        fields.RemoveAt(from);
        fields.Insert(to, moved);
    }

    /// <summary>Sets a field's label or help in one language; empty help in both languages removes the help.</summary>
    public void SetFieldText(string formId, string fieldId, string kind, string language, string text)
    {
        if (!TextKinds.Contains(kind)) throw new StructuredEditException($"'{kind}' is not a field text (label or help)");
        if (!Languages.Contains(language)) throw new StructuredEditException($"'{language}' is not a language of the studio");
        var fields = Fields(formId);
        var target = fields[IndexOf(fields, formId, fieldId)]!.AsObject();
        if (target[kind] is not JsonObject localized) target[kind] = localized = new JsonObject();
        localized[language] = text;
        if (kind == "help" && localized.All(pair => string.IsNullOrEmpty(pair.Value?.GetValue<string>()))) target.Remove("help");
    }

    public void SetThreshold(string table, string key, decimal value)
    {
        if ((_root["tables"] as JsonObject)?[table] is not JsonObject entries || !entries.ContainsKey(key))
            throw new StructuredEditException($"table '{table}' has no entry '{key}'");
        entries[key] = JsonValue.Create(value);
    }

    /// <summary>Assigns a step to another declared role (the step's task moves to that role's inbox on the next version).</summary>
    public void SetStepRole(string stepId, string role)
    {
        if (!Roles.Contains(role)) throw new StructuredEditException($"role '{role}' is not declared in $.roles");
        var step = Step(stepId);
        if (step["role"] is null) throw new StructuredEditException($"step '{stepId}' is not assigned to a role");
        step["role"] = role;
    }

    /// <summary>Sets who may override a hard stop (at least one declared role).</summary>
    public void SetOverrideRoles(string stepId, IReadOnlyCollection<string> roles)
    {
        if (roles.Count == 0) throw new StructuredEditException("at least one role must be able to override");
        if (roles.FirstOrDefault(r => !Roles.Contains(r)) is { } unknown) throw new StructuredEditException($"role '{unknown}' is not declared in $.roles");
        var step = Step(stepId);
        if (step["overrideRoles"] is null) throw new StructuredEditException($"step '{stepId}' has no override roles");
        step["overrideRoles"] = new JsonArray(roles.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray());
    }

    private IEnumerable<JsonObject> Array(string name) => (_root[name] as JsonArray)?.OfType<JsonObject>() ?? [];

    private static IEnumerable<JsonObject> FieldsOf(JsonObject form) => (form["fields"] as JsonArray)?.OfType<JsonObject>() ?? [];

    private JsonArray Fields(string formId)
    {
        var form = Array("forms").FirstOrDefault(f => Text(f, "id") == formId) ?? throw new StructuredEditException($"form '{formId}' does not exist");
        if (form["fields"] is not JsonArray fields) form["fields"] = fields = [];
        return fields;
    }

    private JsonObject Step(string stepId) =>
        Array("steps").FirstOrDefault(s => Text(s, "id") == stepId) ?? throw new StructuredEditException($"step '{stepId}' does not exist");

    private static int IndexOf(JsonArray fields, string formId, string fieldId)
    {
        for (var i = 0; i < fields.Count; i++)
            if (fields[i] is JsonObject candidate && Text(candidate, "id") == fieldId) return i;
        throw new StructuredEditException($"form '{formId}' has no field '{fieldId}'");
    }

    private static string Text(JsonObject node, string property) =>
        node[property] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";

    private static string Localized(JsonNode? node, string language) =>
        node is JsonObject localized && localized[language] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";
}
