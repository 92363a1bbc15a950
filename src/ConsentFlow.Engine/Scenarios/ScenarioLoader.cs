using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConsentFlow.Engine.Scenarios;

/// <summary>Reads <c>*.scenario.json</c> files; every mistake is reported as <c>FILE: JSONPATH: message</c> before anything runs.</summary>
public static class ScenarioLoader
{
    public static async Task<(IReadOnlyList<Scenario> Scenarios, IReadOnlyList<ScenarioProblem> Problems)> LoadAsync(
        string path, CancellationToken cancellationToken)
    {
        var files = Directory.Exists(path)
            ? Directory.GetFiles(path, Scenario.FilePattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray()
            : File.Exists(path) ? [path] : [];
        if (files.Length == 0) return ([], [new ScenarioProblem(path, "$", $"no scenario files ({Scenario.FilePattern}) found")]);

        var scenarios = new List<Scenario>();
        var problems = new List<ScenarioProblem>();
        foreach (var file in files)
        {
            var (scenario, fileProblems) = Parse(await File.ReadAllTextAsync(file, cancellationToken), file);
            problems.AddRange(fileProblems);
            if (scenario is not null) scenarios.Add(scenario);
        }
        return (scenarios, problems);
    }

    /// <summary>The scenario, or null with at least one problem. Relative file references resolve against <paramref name="file"/>'s folder.</summary>
    public static (Scenario? Scenario, IReadOnlyList<ScenarioProblem> Problems) Parse(string json, string file)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            return (null, [new ScenarioProblem(file, "$", $"not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1})")]);
        }

        var read = new ScenarioJsonReader(file);
        if (root is not JsonObject document)
        {
            read.Problem("$", "a scenario is a JSON object");
            return (null, read.Problems);
        }

        read.OnlyKeys(document, "$", "$schema", "name", "description", "workflow", "answers", "case", "clock", "steps");
        var name = read.String(document, "name", "$", required: true) ?? Path.GetFileName(file);
        var description = read.String(document, "description", "$");
        var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var workflowFile = ScenarioFiles.FindWorkflow(read, folder, read.String(document, "workflow", "$", required: true));
        var answersFile = ScenarioFiles.FindAnswers(read, folder, read.String(document, "answers", "$"), workflowFile);
        var scenarioCase = ReadCase(read, document["case"], "$.case");
        var clock = read.Time(document, "clock", "$") ?? Scenario.DefaultClock;
        var steps = ReadSteps(read, document["steps"]);

        if (read.Problems.Count > 0 || workflowFile is null || answersFile is null) return (null, read.Problems);
        return (new Scenario(file, name, description, workflowFile, answersFile, scenarioCase, clock, steps), []);
    }

    private static ScenarioCase ReadCase(ScenarioJsonReader read, JsonNode? node, string at)
    {
        var defaults = new ScenarioCase(ScenarioCase.DefaultScheduledStart);
        if (node is null) return defaults;
        if (node is not JsonObject data)
        {
            read.Problem(at, "must be an object of case fields");
            return defaults;
        }
        read.OnlyKeys(data, at, "scheduledStart", "level", "side", "approach", "surgeon", "sedationPlan", "sex", "birthDate", "timeZone",
            "language", "procedure", "cpt");

        var scheduledStart = defaults.ScheduledStart;
        if (read.String(data, "scheduledStart", at) is { } startText)
        {
            if (startText.StartsWith('@') || !ScenarioTimes.IsValid(startText))
                read.Problem($"{at}.scheduledStart", "must be a date-time with its offset, e.g. 2026-05-12T08:00:00-05:00");
            else scheduledStart = ScenarioTimes.Resolve(startText, default, default);
        }
        DateOnly? birthDate = null;
        if (read.String(data, "birthDate", at) is { } birthText)
        {
            if (DateOnly.TryParseExact(birthText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) birthDate = parsed;
            else read.Problem($"{at}.birthDate", "must be a date such as 1968-04-02");
        }
        return new ScenarioCase(
            scheduledStart,
            read.String(data, "level", at) ?? defaults.Level,
            read.String(data, "side", at) ?? defaults.Side,
            read.String(data, "approach", at) ?? defaults.Approach,
            read.String(data, "surgeon", at) ?? defaults.Surgeon,
            read.String(data, "sedationPlan", at) ?? defaults.SedationPlan,
            read.String(data, "sex", at) ?? defaults.Sex,
            birthDate,
            read.String(data, "timeZone", at) ?? defaults.TimeZone,
            read.String(data, "language", at) ?? defaults.Language,
            read.String(data, "procedure", at) ?? defaults.Procedure,
            read.String(data, "cpt", at) ?? defaults.Cpt);
    }

    private static List<ScenarioStep> ReadSteps(ScenarioJsonReader read, JsonNode? node)
    {
        if (node is not JsonArray array || array.Count == 0)
        {
            read.Problem("$.steps", "is required: a non-empty array of steps");
            return [];
        }
        var steps = new List<ScenarioStep>();
        for (var i = 0; i < array.Count; i++)
            if (ScenarioStepReader.Read(read, array[i], $"$.steps[{i}]") is { } step) steps.Add(step);
        return steps;
    }
}
