using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConsentFlow.Engine.Scenarios;

/// <summary>Reads typed values out of scenario JSON, collecting a problem (with its JSON path) for each wrong one.</summary>
internal sealed class ScenarioJsonReader(string file)
{
    public string File { get; } = file;
    public List<ScenarioProblem> Problems { get; } = [];

    public void Problem(string path, string message) => Problems.Add(new ScenarioProblem(File, path, message));

    public void OnlyKeys(JsonObject data, string at, params string[] allowed)
    {
        foreach (var (key, _) in data.Where(p => !allowed.Contains(p.Key)))
            Problem($"{at}.{key}", $"property is not allowed here (allowed: {string.Join(", ", allowed.Where(a => a != "$schema"))})");
    }

    public string? String(JsonObject data, string key, string at, bool required = false)
    {
        var node = data[key];
        if (node is null)
        {
            if (required) Problem($"{at}.{key}", "is required");
            return null;
        }
        if (node.GetValueKind() == JsonValueKind.String && node.GetValue<string>() is { Length: > 0 } text) return text;
        Problem($"{at}.{key}", "must be a non-empty string");
        return null;
    }

    public string? Time(JsonObject data, string key, string at)
    {
        var text = String(data, key, at);
        if (text is null || ScenarioTimes.IsValid(text)) return text;
        Problem($"{at}.{key}", $"'{text}' is not a time: use a date-time with offset (2026-05-12T08:00:00-05:00) or @start-90m, @start-8d, @now+2h");
        return null;
    }

    public IReadOnlyList<string>? Strings(JsonObject data, string key, string at)
    {
        var node = data[key];
        if (node is null) return null;
        if (node is JsonArray array && array.All(item => item?.GetValueKind() == JsonValueKind.String))
            return array.Select(item => item!.GetValue<string>()).ToList();
        Problem($"{at}.{key}", "must be an array of strings");
        return null;
    }

    public string? OneOf(JsonObject data, string key, string at, params string[] allowed)
    {
        var text = String(data, key, at);
        if (text is null) return null;
        var match = allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase));
        if (match is null) Problem($"{at}.{key}", $"'{text}' is not one of: {string.Join(", ", allowed)}");
        return match;
    }
}
