using System.Security.Claims;
using System.Text.Json.Nodes;
using ConsentFlow.Application.Documents;
using ConsentFlow.Engine.Forms;
using ConsentFlow.Engine.Runtime;

namespace ConsentFlow.Web.Security;

/// <summary>
/// Submits a task for the signed-in person, for the REST API, the staff screens and the tablet alike: decides the
/// capacity they act in, re-authenticates a signature, then hands the submission to the shared submission path.
/// </summary>
public sealed class TaskSubmitter(WorkflowRuntime runtime, TaskActors actors, TaskSubmissions submissions)
{
    public const int MaxIdempotencyKeyLength = 200;

    public async Task<SubmissionResponse> SubmitAsync(ClaimsPrincipal user, Guid taskId, JsonObject answers, string? password, string? idempotencyKey,
        string? ifMatch, CancellationToken cancellationToken) =>
        await SubmitAsync(user, taskId, answers, password, idempotencyKey, ParseVersion(ifMatch), cancellationToken);

    public async Task<SubmissionResponse> SubmitAsync(ClaimsPrincipal user, Guid taskId, JsonObject answers, string? password, string? idempotencyKey,
        int? expectedVersion, CancellationToken cancellationToken)
    {
        if (idempotencyKey is { Length: > MaxIdempotencyKeyLength })
            throw new FormValidationException("headers", [new("Idempotency-Key", $"must be at most {MaxIdempotencyKeyLength} characters")]);
        var (task, form) = await runtime.GetTaskAsync(taskId, "en", cancellationToken);
        var actor = await actors.ActorForAsync(user, task, form, answers, password, cancellationToken);
        return await submissions.SubmitAsync(new TaskSubmission(taskId, actor, answers, idempotencyKey, expectedVersion), cancellationToken);
    }

    /// <summary>Accepts <c>"3"</c>, <c>W/"3"</c> or <c>3</c>; anything else is a client error rather than a silent ignore.</summary>
    private static int? ParseVersion(string? ifMatch)
    {
        if (string.IsNullOrWhiteSpace(ifMatch) || ifMatch.Trim() == "*") return null;
        var text = ifMatch.Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal)) text = text[2..];
        return int.TryParse(text.Trim('"'), out var version)
            ? version
            : throw new FormValidationException("headers", [new("If-Match", "must be the task version from the ETag, like \"3\"")]);
    }
}
