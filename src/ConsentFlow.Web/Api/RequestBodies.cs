using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using ConsentFlow.Engine.Forms;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace ConsentFlow.Web.Api;

/// <summary>
/// How large a request body may be, per kind of endpoint. A consent case is a few hundred bytes and a signature a few
/// dozen kilobytes; anything far larger is a mistake or an attack, refused with 413 before it is read into memory.
/// </summary>
public static class BodyLimits
{
    public const long Case = 64 * 1024;
    /// <summary>Notes, reasons, confirmations.</summary>
    public const long Small = 16 * 1024;
    public const long Submission = 512 * 1024;
    public const long Draft = 2 * 1024 * 1024;
    public const long Pdf = 20 * 1024 * 1024;

    /// <summary>Routing applies the limit to the server's body reader, so a chunked body that grows past it stops there too.</summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestSizeLimitAttribute(bytes));

    public static long? Of(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize;

    public static string Describe(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024 * 1024)} MB" : $"{bytes / 1024} KB";
}

/// <summary>
/// Refuses a JSON tree argument whose text does not decode before the handler reads it: free-form answers bind as a
/// lazily decoded JsonObject, so without this the first reader (an actor check, a rule) would fail with a 500.
/// </summary>
public static class ReadableJson
{
    public static TBuilder RequireReadableJson<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            foreach (var argument in context.Arguments)
                if (argument switch { JsonNode node => node, SignatureBody signature => signature.Answers, _ => null } is { } tree && !TextRules.IsReadable(tree))
                    throw new FormValidationException("body", [new FieldError("body", TextRules.UnreadableMessage)]);
            return await next(context);
        });
}

/// <summary>
/// Turns a JSON body the serializer could not bind into field errors: the JSON path and what was expected there, found
/// from the endpoint's declared body type. The serializer's own message is never passed on (it is written for developers).
/// </summary>
public static class JsonBodyErrors
{
    public static FieldError From(JsonException failure, Endpoint? endpoint, JsonSerializerOptions options)
    {
        var path = failure.Path is null or "$" ? "body" : failure.Path.StartsWith("$.", StringComparison.Ordinal) ? failure.Path[2..] : failure.Path.TrimStart('$');
        // The reader's own failures (bad syntax, nesting deeper than the serializer allows) carry a position; a value
        // of the wrong type is a well-formed value at a path.
        if (failure.InnerException is JsonException && failure.LineNumber is { } line && failure.BytePositionInLine is { } column)
            return new FieldError(path, $"is not valid JSON or is nested too deeply (line {line + 1}, byte {column + 1})");

        var bodyType = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        return bodyType is null ? new FieldError(path, "has the wrong type") : Expected(options, bodyType, failure.Path ?? "$", path);
    }

    private static FieldError Expected(JsonSerializerOptions options, Type root, string jsonPath, string field)
    {
        var type = root;
        foreach (var segment in Segments(jsonPath))
        {
            if (segment is null) { type = ElementType(type); continue; }
            var info = options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);
            if (info.Kind != JsonTypeInfoKind.Object) break;
            var property = info.Properties.FirstOrDefault(p => string.Equals(p.Name, segment, StringComparison.OrdinalIgnoreCase));
            if (property is null) return new FieldError(field, "is not a field of this request");
            type = property.PropertyType;
        }
        return new FieldError(field, "expected " + Describe(Nullable.GetUnderlyingType(type) ?? type));
    }

    /// <summary>"$.patient.birthDate" → patient, birthDate; "$.roles[0]" → roles, (element).</summary>
    private static IEnumerable<string?> Segments(string jsonPath)
    {
        foreach (var part in jsonPath.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = part.IndexOf('[');
            yield return bracket < 0 ? part : part[..bracket];
            for (var i = bracket; i >= 0; i = part.IndexOf('[', i + 1)) yield return null;
        }
    }

    private static Type ElementType(Type type) =>
        type.IsArray ? type.GetElementType()! : type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0] ?? typeof(object);

    internal static string Describe(Type type) => type switch
    {
        _ when type == typeof(string) => "text",
        _ when type == typeof(DateOnly) => "a date (yyyy-mm-dd)",
        _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "a date and time with offset (like 2026-03-01T07:30:00-05:00)",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(Guid) => "an id (GUID)",
        _ when type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(decimal) => "a number",
        _ when type == typeof(JsonObject) => "a JSON object",
        _ when type == typeof(JsonElement) || type == typeof(JsonNode) => "JSON",
        _ when type != typeof(string) && type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)) =>
            $"a list of {Describe(ElementType(type))}",
        _ => "an object",
    };
}

/// <summary>
/// Turns a route, query or header value the framework could not bind into a field error naming the parameter. The
/// framework's message ("Failed to bind parameter "DateOnly from" from "2026-02-30".") quotes the value sent, which may
/// be PHI: only the parameter's name is read from it, and only when the endpoint really declares that parameter.
/// </summary>
public static partial class BindingErrors
{
    public static FieldError? From(BadHttpRequestException failure, Endpoint? endpoint)
    {
        var (name, required) = BindFailure().Match(failure.Message) is { Success: true } bind ? (bind.Groups["name"].Value, false)
            : Missing().Match(failure.Message) is { Success: true } missing ? (missing.Groups["name"].Value, true)
            : (null, false);
        if (name is null || endpoint?.Metadata.GetMetadata<MethodInfo>() is not { } method) return null;
        if (method.GetParameters().FirstOrDefault(p => p.Name == name) is not { } parameter) return null;
        var field = WireName(parameter) ?? name;
        if (required) return new FieldError(field, "is required");
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        return new FieldError(field, type == typeof(string) || type == typeof(object) ? "has the wrong format" : "expected " + JsonBodyErrors.Describe(type));
    }

    /// <summary>The name the value travels under when it differs from the parameter's ([FromQuery(Name = "...")] and the like).</summary>
    private static string? WireName(ParameterInfo parameter)
    {
        foreach (var attribute in parameter.GetCustomAttributes(inherit: false))
        {
            var named = attribute switch
            {
                IFromQueryMetadata query => query.Name,
                IFromRouteMetadata route => route.Name,
                IFromHeaderMetadata header => header.Name,
                _ => null,
            };
            if (!string.IsNullOrEmpty(named)) return named;
        }
        return null;
    }

    // The type may contain spaces (generic arguments); the name is the last word inside the quotes.
    [GeneratedRegex(@"^Failed to bind parameter ""[^""]* (?<name>[A-Za-z_][A-Za-z0-9_]*)"" from """)]
    private static partial Regex BindFailure();

    // A body that is missing is the body's own error (see ProblemMapping); this is a route, query or header value.
    [GeneratedRegex(@"^Required parameter ""[^""]* (?<name>[A-Za-z_][A-Za-z0-9_]*)"" was not provided from (query string|route|header|route or query string)\.$")]
    private static partial Regex Missing();
}
