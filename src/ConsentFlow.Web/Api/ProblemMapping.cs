using System.Text.Json;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Forms;
using ConsentFlow.Engine.Runtime;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ConsentFlow.Web.Api;

/// <summary>Turns the engine's refusals into RFC 7807 problem details. Messages name ids and fields, never patient data.</summary>
public sealed class ProblemMapping(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (Map(exception) is not { } problem) return false;
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails? Map(Exception exception) => exception switch
    {
        FormValidationException invalid => new HttpValidationProblemDetails(
            invalid.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()))
        {
            Status = StatusCodes.Status400BadRequest, Title = $"The '{invalid.FormId}' form has invalid fields.",
        },
        InvalidDefinitionException invalid => DefinitionProblem(invalid.Problems),
        NotFoundException => Simple(StatusCodes.Status404NotFound, "Not found", exception.Message),
        ConflictException => Simple(StatusCodes.Status409Conflict, "Conflict", exception.Message),
        ForbiddenException => Simple(StatusCodes.Status403Forbidden, "Forbidden", exception.Message),
        RejectedException => Simple(StatusCodes.Status422UnprocessableEntity, "Not allowed now", exception.Message),
        Identity.Accounts.AccountException account => new HttpValidationProblemDetails(new Dictionary<string, string[]> { [account.Field] = [account.Message] })
        {
            Status = StatusCodes.Status400BadRequest, Title = "The request has invalid fields.",
        },
        BadHttpRequestException { InnerException: JsonException } => Simple(StatusCodes.Status400BadRequest, "Malformed JSON", "The request body is not valid JSON for this endpoint."),
        BadHttpRequestException bad => Simple(bad.StatusCode, "Bad request", bad.Message),
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

    private static ProblemDetails Simple(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };
}
