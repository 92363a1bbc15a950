using System.Text.Json.Serialization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using ConsentFlow.Application.Documents;
using ConsentFlow.Application.Reading;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Identity.Audit;
using ConsentFlow.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace ConsentFlow.Web.Api;

/// <summary>Inboxes and task submission. Submissions are safe to retry with the same Idempotency-Key.</summary>
public static class TaskEndpoints
{
    public static RouteGroupBuilder MapTaskEndpoints(this IEndpointRouteBuilder routes)
    {
        var tasks = routes.MapGroup("/api/v1/tasks").WithTags("Tasks").RequireAuthorization().RequireReadableJson();

        tasks.MapGet("/", async (WorkflowRuntime runtime, ClaimsPrincipal user, string? role, Guid? caseId, Guid? instanceId, string? lang, CancellationToken ct) =>
                (await runtime.ListTasksAsync(new TaskQuery(role, caseId, instanceId, Language.Normalize(lang)), ct)).For(user))
            .RequireAuthorization(Policies.ReadCases)
            .AuditsAccess<RouteHandlerBuilder, IReadOnlyList<TaskView>>(AccessKind.CaseListed, tasks => tasks.Select(t => t.InstanceId))
            .WithSummary("Open tasks, filtered by role and/or case");

        tasks.MapGet("/{taskId:guid}", async (Guid taskId, WorkflowRuntime runtime, CaseDirectory directory, HttpContext http, string? lang, CancellationToken ct) =>
        {
            var language = Language.Normalize(lang);
            var (task, form) = await runtime.GetTaskAsync(taskId, language, ct);
            task = task.For(http.User);
            var reasons = task.Kind == "Override" && ClinicalDetail.Sees(http.User) ? await directory.OverrideReasonsAsync(taskId, language, ct) : [];
            http.Response.Headers.ETag = Preconditions.ETag(task.Version);
            await AccessAuditing.RecordAsync(http, AccessKind.TaskViewed, task.InstanceId);
            return new TaskWithForm(task, form, reasons, TaskActors.NeedsReauthentication(task, form));
        }).RequireAuthorization(Policies.ReadCases).WithSummary("One task with the form to render (ETag = task version)");

        tasks.MapPost("/{taskId:guid}/submission", (
            Guid taskId, JsonObject answers, ClaimsPrincipal user, TaskSubmitter submitter, CancellationToken ct,
            [FromHeader(Name = Preconditions.IdempotencyKeyHeader)] string? idempotencyKey = null,
            [FromHeader(Name = "If-Match")] string? ifMatch = null) =>
            submitter.SubmitAsync(user, taskId, answers, password: null, Preconditions.IdempotencyKey(idempotencyKey), Preconditions.ExpectedVersion(ifMatch), ct))
            .RequireAuthorization(Policies.WorkTasks).WithBodyLimit(BodyLimits.Submission)
            .WithSummary("Submit a checklist's answers (field name → value); optional If-Match with the task's ETag (412 when it changed since). "
                + "Signatures, overrides and anesthesia decisions go to /signature with the signer's password.");

        tasks.MapPost("/{taskId:guid}/signature", (
            Guid taskId, SignatureBody body, ClaimsPrincipal user, TaskSubmitter submitter, CancellationToken ct,
            [FromHeader(Name = Preconditions.IdempotencyKeyHeader)] string? idempotencyKey = null,
            [FromHeader(Name = "If-Match")] string? ifMatch = null) =>
            submitter.SubmitAsync(user, taskId, body.Answers ?? [], body.Password, Preconditions.IdempotencyKey(idempotencyKey), Preconditions.ExpectedVersion(ifMatch), ct))
            .RequireAuthorization(Policies.WorkTasks).WithBodyLimit(BodyLimits.Submission)
            .WithSummary("Sign, override a hard stop or record an anesthesia decision: the answers and the signer's password, asked again at the moment of signing. "
                + "The last consent signature also produces the sealed PDF (document; documentPending when it is not stored yet: the outbox worker retries it).");

        return tasks;
    }
}

/// <summary>A signature act: the form's answers and the signer's password (re-authentication at the moment of signing).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SignatureBody(JsonObject? Answers, string? Password);
