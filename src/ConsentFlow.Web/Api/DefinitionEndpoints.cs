using System.Text;
using System.Text.Json;
using ConsentFlow.Engine.Forms;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Publishing;
using ConsentFlow.Web.Security;
using System.Security.Claims;

namespace ConsentFlow.Web.Api;

/// <summary>Roll back to an earlier version: why (kept as the change note), the password again, and an approved override if its scenarios fail today.</summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record RollbackBody(string? Note, string? Password, Guid? OverrideId = null);

/// <summary>Ask to publish despite failing scenarios: the exact draft, the reason, the password again.</summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record OverrideRequestBody(JsonElement? Definition, string? Reason, string? Password);

/// <summary>A second administrator approves an override with their own password.</summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record ApprovalBody(string? Password);

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

        definitions.MapPost("/", async (PublishBody body, ClaimsPrincipal user, Reauthentication reauthentication, Publications publications, CancellationToken ct) =>
        {
            var definition = RequireDefinition(body.Definition);
            // Publishing changes what every new patient goes through: the administrator confirms with their password.
            await reauthentication.ConfirmAsync(user, body.Password, ct);
            var outcome = await publications.PublishAsync(new PublicationRequest(definition, body.Note, body.OverrideId), user.ActorFor(Policies.DesignWorkflows), ct);
            return Published(outcome.Result);
        }).Produces<PublishResult>(StatusCodes.Status201Created).Produces<PublishResult>().ProducesProblem(StatusCodes.Status422UnprocessableEntity)
          .WithBodyLimit(BodyLimits.Draft).WithIdempotency()
          .WithSummary("Validate and publish { definition, password, note, overrideId }: the password again, a change note, and every scenario passing "
              + "(or an override approved by a second administrator); unchanged content keeps the current version");

        definitions.MapPost("/scenario-runs", async (HttpRequest request, PublicationScenarios scenarios, CancellationToken ct) =>
            TypedResults.Ok(await scenarios.RunAsync(await ReadBodyAsync(request, ct), ct)))
            .Accepts<object>("application/json").WithBodyLimit(BodyLimits.Draft)
            .WithSummary("Run the workflow's scenario files against a draft definition: PASS/FAIL and failure lines as `consentflow test`");

        definitions.MapPost("/preview", async (HttpRequest request, Publications publications, CancellationToken ct) =>
            TypedResults.Ok(await publications.PreviewAsync(await ReadBodyAsync(request, ct), ct)))
            .Accepts<object>("application/json").WithBodyLimit(BodyLimits.Draft)
            .WithSummary("What publishing a draft would change (steps, fields, rules and thresholds, roles, messages) and the running cases it concerns");

        definitions.MapGet("/{definitionId}/affected-cases", async (string definitionId, PublicationImpact impact, CancellationToken ct) =>
            TypedResults.Ok(await impact.ForAsync(DefinitionId(definitionId), ct)))
            .WithSummary("Active cases on each version, and which would re-consent if the consent template were materially revised (no patient data)");

        definitions.MapGet("/{definitionId}/versions", async (string definitionId, PublicationHistory history, CancellationToken ct) =>
            TypedResults.Ok(await history.ForAsync(DefinitionId(definitionId), ct)))
            .WithSummary("Version history, newest first: who published when, the change note and the diff summary");

        definitions.MapGet("/{definitionId}/versions/{version:int}", async (string definitionId, int version, DefinitionCatalog catalog, CancellationToken ct) =>
            Results.Text(await catalog.GetJsonAsync(DefinitionId(definitionId), version, ct), "application/json"))
            .Produces<JsonElement>().ProducesProblem(StatusCodes.Status404NotFound).WithSummary("A published version's exact text");

        definitions.MapGet("/{definitionId}/versions/{version:int}/diff", async (string definitionId, int version, PublicationHistory history, CancellationToken ct) =>
            TypedResults.Ok(await history.DiffAsync(DefinitionId(definitionId), version, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound).WithSummary("What a version changed compared with the one before it");

        definitions.MapPost("/{definitionId}/versions/{version:int}/rollback", async (string definitionId, int version, RollbackBody body, ClaimsPrincipal user,
            Reauthentication reauthentication, Publications publications, CancellationToken ct) =>
        {
            await reauthentication.ConfirmAsync(user, body.Password, ct);
            var outcome = await publications.RollBackAsync(DefinitionId(definitionId), version, body.Note, body.OverrideId, user.ActorFor(Policies.DesignWorkflows), ct);
            return Published(outcome.Result);
        }).Produces<PublishResult>(StatusCodes.Status201Created).Produces<PublishResult>().ProducesProblem(StatusCodes.Status422UnprocessableEntity)
          .WithSummary("Roll back { note, password, overrideId }: publish an earlier version's text as a new version, through the same gate");

        definitions.MapGet("/{definitionId}/overrides", async (string definitionId, PublicationOverrides overrides, CancellationToken ct) =>
            TypedResults.Ok(await overrides.OpenAsync(DefinitionId(definitionId), ct)))
            .WithSummary("Overrides of the scenario gate asked for this workflow and not used yet");

        definitions.MapPost("/{definitionId}/overrides", async (string definitionId, OverrideRequestBody body, ClaimsPrincipal user,
            Reauthentication reauthentication, PublicationOverrides overrides, CancellationToken ct) =>
        {
            var definition = RequireDefinition(body.Definition);
            await reauthentication.ConfirmAsync(user, body.Password, ct);
            var requested = await overrides.RequestAsync(DefinitionId(definitionId), definition, body.Reason, user.ActorFor(Policies.DesignWorkflows), ct);
            return TypedResults.Created($"/api/v1/definitions/{requested.DefinitionId}/overrides/{requested.Id}", requested);
        }).ProducesProblem(StatusCodes.Status422UnprocessableEntity).WithBodyLimit(BodyLimits.Draft)
          .WithSummary("Ask to publish a draft whose scenarios fail { definition, reason, password }; a second administrator must approve");

        definitions.MapPost("/{definitionId}/overrides/{overrideId:guid}/approval", async (string definitionId, Guid overrideId, ApprovalBody body,
            ClaimsPrincipal user, Reauthentication reauthentication, PublicationOverrides overrides, CancellationToken ct) =>
        {
            await reauthentication.ConfirmAsync(user, body.Password, ct);
            return TypedResults.Ok(await overrides.ApproveAsync(overrideId, user.ActorFor(Policies.DesignWorkflows), ct));
        }).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
          .WithSummary("Approve another administrator's override { password }: never one's own");

        // The same per-administrator drafts the studio keeps: a draft saved here is the newest revision there.
        definitions.MapGet("/{definitionId}/draft", async (string definitionId, ClaimsPrincipal user, DraftStore drafts, CancellationToken ct) =>
            await drafts.LatestAsync(definitionId, user.Id(), ct) is { } draft ? Results.Text(draft.Json, "application/json") : Results.NotFound())
            .Produces<JsonElement>().Produces(StatusCodes.Status404NotFound)
            .WithSummary("Your newest draft revision, as written");

        definitions.MapPut("/{definitionId}/draft", async (string definitionId, HttpRequest request, ClaimsPrincipal user, DraftStore drafts, CancellationToken ct) =>
        {
            var draft = await ReadBodyAsync(request, ct);
            RequireJson(draft);
            await drafts.SaveAsync(DefinitionId(definitionId), user.Id(), draft, baseVersion: null, ct);
            return Results.NoContent();
        }).Accepts<object>("application/json").Produces(StatusCodes.Status204NoContent).WithBodyLimit(BodyLimits.Draft)
          .WithSummary("Save a draft: any JSON document up to 2 MB (checked against the workflow schema only when published)");

        return definitions;
    }

    private static string RequireDefinition(JsonElement? definition) => definition is { ValueKind: JsonValueKind.Object } json
        ? json.GetRawText()
        : throw new FormValidationException("publish", [new("definition", "send the workflow definition as a JSON object")]);

    private static IResult Published(PublishResult result) => result.Changed
        ? TypedResults.Created($"/api/v1/definitions/{result.DefinitionId}/versions/{result.Version}", result)
        : TypedResults.Ok(result);

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
