using System.Text.Json;
using System.Text.Json.Serialization;
using Json.Schema;

namespace ConsentFlow.Engine.Definitions;

/// <summary>Reads definition JSON: first against the published JSON Schema, then into the typed model.</summary>
public static class DefinitionParser
{
    private static readonly Lazy<JsonSchema> Schema = new(LoadSchema);

    internal static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The parsed definition, or the schema problems (each with file and JSON path) when it does not conform.</summary>
    public static (WorkflowDefinition? Definition, IReadOnlyList<DefinitionProblem> Problems) Parse(string json, string file)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $"line {line + 1}, position {ex.BytePositionInLine + 1}" : "unknown position";
            return (null, [new DefinitionProblem(file, "$", $"not valid JSON ({where})")]);
        }

        using (document)
        {
            var problems = SchemaProblems(document.RootElement, file);
            if (problems.Count > 0) return (null, problems);
            return (document.RootElement.Deserialize<WorkflowDefinition>(SerializerOptions), []);
        }
    }

    private static List<DefinitionProblem> SchemaProblems(JsonElement root, string file)
    {
        var result = Schema.Value.Evaluate(root, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return [];
        return (result.Details ?? [])
            // Failures inside an "if" only choose a branch; they are not errors in the document.
            .Where(detail => detail.Errors is { Count: > 0 } && !detail.EvaluationPath.ToString().Contains("/if/"))
            .SelectMany(detail => detail.Errors!.Select(error =>
                new DefinitionProblem(file, JsonPaths.FromPointer(detail.InstanceLocation.ToString()), Describe(error.Key, error.Value))))
            .Distinct()
            .ToList();
    }

    private static string Describe(string keyword, string message) => keyword switch
    {
        "additionalProperties" => "property is not allowed here",
        "" => message,
        _ => message,
    };

    private static JsonSchema LoadSchema()
    {
        using var stream = typeof(DefinitionParser).Assembly.GetManifestResourceStream("workflow.schema.json")
            ?? throw new InvalidOperationException("workflow.schema.json is not embedded in the engine assembly.");
        using var reader = new StreamReader(stream);
        return JsonSchema.FromText(reader.ReadToEnd());
    }
}
