using System.Text.Json;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Forms;
using ConsentFlow.Engine.Runtime;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ConsentFlow.Web.Api;

/// <summary>Turns the engine's refusals into RFC 7807 problem details. Messages name ids and fields, never patient data.</summary>
public sealed class ProblemMapping(IProblemDetailsService problems, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // The exception handler clears the endpoint before handlers run; the failed request's endpoint is kept here.
        var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        if (Map(exception, new Failure(context, endpoint, json.Value.SerializerOptions)) is not { } problem) return false;
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>What the mapping may look at besides the exception: the request's headers and the endpoint's declared contract.</summary>
    public sealed record Failure(HttpContext Context, Endpoint? Endpoint, JsonSerializerOptions Json);

    public static ProblemDetails? Map(Exception exception, Failure failure) => exception switch
    {
        FormValidationException invalid => Invalid($"The '{invalid.FormId}' form has invalid fields.", invalid.Errors),
        InvalidDefinitionException invalid => DefinitionProblem(invalid.Problems),
        NotFoundException => Simple(StatusCodes.Status404NotFound, "Not found", exception.Message),
        // 412 answers a precondition the client sent; the same stale version found by the server's own check (the tablet
        // signs the task it just read) is an ordinary write conflict.
        StaleVersionException when failure.Context.Request.Headers.IfMatch.Count > 0 => Simple(StatusCodes.Status412PreconditionFailed, "Precondition failed", exception.Message),
        ConflictException => Simple(StatusCodes.Status409Conflict, "Conflict", exception.Message),
        ForbiddenException => Simple(StatusCodes.Status403Forbidden, "Forbidden", exception.Message),
        RejectedException => Simple(StatusCodes.Status422UnprocessableEntity, "Not allowed now", exception.Message),
        Identity.Accounts.AccountException account => Invalid("The request has invalid fields.", [new FieldError(account.Field, account.Message)]),
        BadHttpRequestException { InnerException: JsonException json } => Invalid("The request body does not match this endpoint's contract.", [JsonBodyErrors.From(json, failure.Endpoint, failure.Json)]),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => Simple(StatusCodes.Status413PayloadTooLarge, "Request body too large",
            BodyLimits.Of(failure.Endpoint) is { } limit ? $"This endpoint accepts at most {BodyLimits.Describe(limit)}." : "The request body is too large."),
        // A route, query or header value that does not parse (or is missing), named; never the value itself.
        BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } bad when BindingErrors.From(bad, failure.Endpoint) is { } field =>
            Invalid("A route, query or header value is invalid.", [field]),
        // Not a JSON failure, on an endpoint that binds a body: the body was empty or the JSON literal null.
        BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } when AcceptsBody(failure.Endpoint) =>
            Invalid("The request body is missing.", [new FieldError("body", "is required (a JSON object)")]),
        // Never the framework's text: "Failed to bind parameter ... from "<value>"" quotes what was sent.
        BadHttpRequestException bad => Simple(bad.StatusCode, "Bad request", bad.StatusCode == StatusCodes.Status415UnsupportedMediaType
            ? "Send the body as application/json." : "A route, query or header value has the wrong format."),
        _ => null,
    };

    private static ProblemDetails DefinitionProblem(IReadOnlyList<DefinitionProblem> definitionProblems)
    {
        var problem = new HttpValidationProblemDetails(
            definitionProblems.GroupBy(p => p.JsonPath).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()))
        {
            Status = StatusCodes.Status400BadRequest, Title = "The workflow definition is invalid.",
        };
        problem.Extensions["problems"] = definitionProblems.Select(p => p.ToString()).ToArray();
        return problem;
    }

    private static bool AcceptsBody(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>() is { RequestType: not null };

    private static HttpValidationProblemDetails Invalid(string title, IEnumerable<FieldError> errors) =>
        new(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()))
        {
            Status = StatusCodes.Status400BadRequest, Title = title,
        };

    private static ProblemDetails Simple(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };
}
