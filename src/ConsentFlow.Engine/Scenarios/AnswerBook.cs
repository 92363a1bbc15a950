using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ConsentFlow.Engine.Scenarios;

/// <summary>
/// Task answers keyed by step id (signature steps by signer role), with times written relative to the case:
/// <c>@start-90m</c>, <c>@start-2d</c>, <c>@start-8d+1h</c>, <c>@start-40d:date</c>, <c>@now</c>. Scenarios, the demo and the benchmark
/// start from the typical answers and override only the fields their rule is about.
/// </summary>
public sealed partial class AnswerBook(JsonObject answers)
{
    public const string TypicalAnswersFile = "scenarios/typical-answers.json";

    [GeneratedRegex(@"^@(start|now)((?:[+-]\d+[mhd])*)(:date)?$")]
    private static partial Regex RelativeTime();

    /// <summary>One offset of a relative time; several may follow each other ("@start-8d+1h").</summary>
    [GeneratedRegex(@"([+-])(\d+)([mhd])")]
    private static partial Regex Offset();

    public static async Task<AnswerBook> LoadAsync(string file, CancellationToken cancellationToken) =>
        new(JsonNode.Parse(await File.ReadAllTextAsync(file, cancellationToken)) as JsonObject
            ?? throw new InvalidDataException($"{file}: $: expected a JSON object of answers keyed by step id"));

    /// <summary>The answers for a step (and signer), with <paramref name="overrides"/> applied and relative times resolved.</summary>
    public JsonObject For(string stepId, string? signerRole, JsonObject? overrides, DateTimeOffset scheduledStart, DateTimeOffset now)
    {
        var node = answers[stepId];
        if (signerRole is not null && node is JsonObject bySigner && bySigner[signerRole] is JsonObject signerAnswers) node = signerAnswers;
        var result = node is JsonObject typical ? (JsonObject)typical.DeepClone() : [];
        if (overrides is not null)
            foreach (var (key, value) in overrides)
            {
                if (value is null) result.Remove(key);
                else result[key] = value.DeepClone();
            }
        return Resolve(result, scheduledStart, now);
    }

    /// <summary>Resolves relative times everywhere in <paramref name="data"/>, including inside list entries.</summary>
    public static JsonObject Resolve(JsonObject data, DateTimeOffset scheduledStart, DateTimeOffset now)
    {
        foreach (var key in data.Select(p => p.Key).ToList()) data[key] = ResolveNode(data[key], scheduledStart, now);
        return data;
    }

    private static JsonNode? ResolveNode(JsonNode? node, DateTimeOffset scheduledStart, DateTimeOffset now)
    {
        switch (node)
        {
            case JsonValue value when value.TryGetValue<string>(out var text) && ResolveTime(text, scheduledStart, now) is { } resolved:
                return resolved;
            case JsonObject entry:
                return Resolve(entry, scheduledStart, now);
            case JsonArray list:
                for (var i = 0; i < list.Count; i++) list[i] = ResolveNode(list[i]?.DeepClone(), scheduledStart, now);
                return list;
            default:
                return node;
        }
    }

    /// <summary>"@start-90m" → an ISO time string; null when the text is not a relative time.</summary>
    public static string? ResolveTime(string text, DateTimeOffset scheduledStart, DateTimeOffset now)
    {
        var match = RelativeTime().Match(text);
        if (!match.Success) return null;
        var anchor = match.Groups[1].Value == "start" ? scheduledStart : now;
        foreach (Match offset in Offset().Matches(match.Groups[2].Value))
        {
            var amount = int.Parse(offset.Groups[2].Value, CultureInfo.InvariantCulture) * (offset.Groups[1].Value == "-" ? -1 : 1);
            anchor = offset.Groups[3].Value switch
            {
                "m" => anchor.AddMinutes(amount),
                "h" => anchor.AddHours(amount),
                _ => anchor.AddDays(amount),
            };
        }
        return match.Groups[3].Success
            ? anchor.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : anchor.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
    }
}
