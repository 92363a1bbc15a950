using System.Text.Json.Nodes;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Application.Documents;
using ConsentFlow.Application.Reading;
using Microsoft.AspNetCore.Mvc;

namespace ConsentFlow.Web.Api;

/// <summary>Inboxes and task submission. Submissions are safe to retry with the same Idempotency-Key.</summary>
public static class TaskEndpoints
{
    public static RouteGroupBuilder MapTaskEndpoints(this IEndpointRouteBuilder routes)
    {
        var tasks = routes.MapGroup("/api/tasks").WithTags("Tasks");

        tasks.MapGet("/", (Caller caller, WorkflowRuntime runtime, string? role, Guid? caseId, Guid? instanceId, string? lang, CancellationToken ct) =>
            runtime.ListTasksAsync(new TaskQuery(role, caseId, instanceId, Language.Normalize(lang)), ct))
            .WithSummary("Open tasks, filtered by role and/or case");

        tasks.MapGet("/{taskId:guid}", async (Guid taskId, Caller caller, WorkflowRuntime runtime, CaseDirectory directory, HttpContext http, string? lang, CancellationToken ct) =>
        {
            var language = Language.Normalize(lang);
            var (task, form) = await runtime.GetTaskAsync(taskId, language, ct);
            var reasons = task.Kind == "Override" ? await directory.OverrideReasonsAsync(taskId, language, ct) : [];
            http.Response.Headers.ETag = $"\"{task.Version}\"";
            return new TaskWithForm(task, form, reasons);
        }).WithSummary("One task with the form to render (ETag = task version)");

        tasks.MapPost("/{taskId:guid}/submission", async (
            Guid taskId, JsonObject answers, Caller caller, TaskSubmissions submissions, CancellationToken ct,
            [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey = null,
            [FromHeader(Name = "If-Match")] string? ifMatch = null) =>
        {
            if (idempotencyKey is { Length: > 200 })
                throw new Engine.Forms.FormValidationException("headers", [new("Idempotency-Key", "must be at most 200 characters")]);
            return await submissions.SubmitAsync(new TaskSubmission(taskId, caller.Actor, answers, idempotencyKey, ParseVersion(ifMatch)), ct);
        }).WithSummary("Submit the task's answers (field name → value); optional If-Match with the task version. "
            + "The last consent signature also produces the sealed PDF (document; documentPending when it could not be produced).");

        return tasks;
    }

    /// <summary>Accepts <c>"3"</c>, <c>W/"3"</c> or <c>3</c>; anything else is a client error rather than a silent ignore.</summary>
    private static int? ParseVersion(string? ifMatch)
    {
        if (string.IsNullOrWhiteSpace(ifMatch) || ifMatch.Trim() == "*") return null;
        var text = ifMatch.Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal)) text = text[2..];
        return int.TryParse(text.Trim('"'), out var version)
            ? version
            : throw new Engine.Forms.FormValidationException("headers", [new("If-Match", "must be the task version from the ETag, like \"3\"")]);
    }
}
