using System.Text;
using System.Text.Json;
using ConsentFlow.Engine.Forms;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Publishing;
using ConsentFlow.Web.Security;
using System.Security.Claims;

namespace ConsentFlow.Web.Api;

/// <summary>Workflow definitions: versions, validation, publishing and the administrator's working draft.</summary>
public static class DefinitionEndpoints
{
    public static RouteGroupBuilder MapDefinitionEndpoints(this IEndpointRouteBuilder routes)
    {
        var definitions = routes.MapGroup("/api/v1/definitions").WithTags("Definitions").RequireAuthorization(Policies.DesignWorkflows);

        definitions.MapGet("/", (DefinitionCatalog catalog, CancellationToken ct) => catalog.ListVersionsAsync(ct))
            .WithSummary("Every published version");

        definitions.MapPost("/validate", async (HttpRequest request, CancellationToken ct) =>
        {
            var (definition, problems) = DefinitionLoader.Check(await ReadBodyAsync(request, ct), "request");
            if (definition is null) throw new InvalidDefinitionException(problems);
            return new ValidationResult(definition.Id, definition.Title.In("en"));
        }).Accepts<object>("application/json").WithBodyLimit(BodyLimits.Draft).WithSummary("Validate a definition without publishing (400 lists FILE: $.path: message)");

        definitions.MapPost("/", async (PublishBody body, ClaimsPrincipal user, Reauthentication reauthentication, DefinitionCatalog catalog, CancellationToken ct) =>
        {
            if (body.Definition is not { ValueKind: JsonValueKind.Object } definition)
                throw new FormValidationException("publish", [new("definition", "send the workflow definition as a JSON object")]);
            // Publishing changes what every new patient goes through: the administrator confirms with their password.
            await reauthentication.ConfirmAsync(user, body.Password, ct);
            var result = await catalog.PublishAsync(definition.GetRawText(), "request", user.ActorFor(Policies.DesignWorkflows), ct);
            return result.Changed ? Results.Created($"/api/v1/definitions/{result.DefinitionId}/versions/{result.Version}", result) : Results.Ok(result);
        }).Produces<PublishResult>(StatusCodes.Status201Created).Produces<PublishResult>()
          .WithBodyLimit(BodyLimits.Draft).WithIdempotency().WithSummary("Validate and publish { definition, password }: the administrator's password again; unchanged content keeps the current version");

        definitions.MapGet("/{definitionId}/draft", async (string definitionId, DefinitionCatalog catalog, CancellationToken ct) =>
            await catalog.GetDraftAsync(definitionId, ct) is { } json ? Results.Text(json, "application/json") : Results.NotFound())
            .Produces<JsonElement>().Produces(StatusCodes.Status404NotFound)
            .WithSummary("The saved draft, as written");

        definitions.MapPut("/{definitionId}/draft", async (string definitionId, HttpRequest request, ClaimsPrincipal user, DefinitionCatalog catalog, CancellationToken ct) =>
        {
            var draft = await ReadBodyAsync(request, ct);
            RequireJson(draft);
            await catalog.SaveDraftAsync(DefinitionId(definitionId), draft, user.ActorFor(Policies.DesignWorkflows), ct);
            return Results.NoContent();
        }).Accepts<object>("application/json").Produces(StatusCodes.Status204NoContent).WithBodyLimit(BodyLimits.Draft)
          .WithSummary("Save a draft: any JSON document up to 2 MB (checked against the workflow schema only when published)");

        return definitions;
    }

    /// <summary>A draft may be unfinished, but it is a JSON object, as a definition is: the studio reloads it into a JSON editor.</summary>
    private static void RequireJson(string text)
    {
        JsonValueKind kind;
        try
        {
            using var document = JsonDocument.Parse(text);
            kind = document.RootElement.ValueKind;
        }
        catch (JsonException invalid)
        {
            throw new FormValidationException("draft", [new("body", $"is not valid JSON (line {invalid.LineNumber + 1}, byte {invalid.BytePositionInLine + 1})")]);
        }
        if (kind != JsonValueKind.Object) throw new FormValidationException("draft", [new("body", "must be a JSON object (a workflow definition)")]);
    }

    private static string DefinitionId(string definitionId) =>
        definitionId.Length <= 64 && definitionId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? definitionId
            : throw new FormValidationException("draft", [new("definitionId", "must be at most 64 letters, digits, '-', '_' or '.'")]);

    // Strict: invalid bytes are refused rather than silently replaced, so what is stored is exactly what was sent.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The exact text, so the stored version hashes what the administrator wrote.</summary>
    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, StrictUtf8);
        try
        {
            return await reader.ReadToEndAsync(ct);
        }
        catch (DecoderFallbackException)
        {
            throw new FormValidationException("definition", [new("body", "is not valid UTF-8")]);
        }
    }
}
