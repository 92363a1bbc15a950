using System.Security.Claims;
using ConsentFlow.Application.Reading;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Identity.Audit;
using ConsentFlow.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace ConsentFlow.Web.Api;

/// <summary>Cases and their workflow instances; every route uses the opaque instance id, never a patient identifier.</summary>
public static class CaseEndpoints
{
    public static RouteGroupBuilder MapCaseEndpoints(this IEndpointRouteBuilder routes)
    {
        var cases = routes.MapGroup("/api/v1/cases").WithTags("Cases").RequireAuthorization();

        cases.MapPost("/", async (StartCaseBody body, ClaimsPrincipal user, WorkflowRuntime runtime, ClinicSettings clinic, CancellationToken ct,
            [FromHeader(Name = Preconditions.IdempotencyKeyHeader)] string? idempotencyKey = null) =>
        {
            var started = await runtime.StartAsync(body.ToRequest(clinic.MrnSystem).AuthorizedFor(user), user.ActorFor(Policies.ManageCases), ct, Preconditions.IdempotencyKey(idempotencyKey));
            return TypedResults.Created($"/api/v1/cases/{started.InstanceId}", started);
        }).RequireAuthorization(Policies.ManageCases).WithBodyLimit(BodyLimits.Case).WithIdempotency()
          .WithSummary("Start a case and its workflow; a retry with the same Idempotency-Key and body returns the first case (another body: 409)");

        cases.MapGet("/", WorklistEndpoints.ListAsync)
            .RequireAuthorization(Policies.ReadCases).AuditsAccess<RouteHandlerBuilder, WorklistPage>(AccessKind.CaseListed, WorklistEndpoints.Shown)
            .WithSummary("The board: cases in a date range (default today and the next 7 days in the clinic's time zone), upcoming first, filtered by state, surgeon or open-task role; a page, a continuation token and counts per state");

        cases.MapGet("/{instanceId:guid}", async (Guid instanceId, CaseDirectory directory, ClaimsPrincipal user, HttpResponse response, string? lang, CancellationToken ct) =>
        {
            var detail = await directory.GetAsync(instanceId, Language.Normalize(lang), ct);
            response.Headers.ETag = Preconditions.ETag(detail.Version);
            return detail.For(user, Language.Normalize(lang));
        }).RequireAuthorization(Policies.ReadCases).AuditsAccess(AccessKind.CaseViewed).WithSummary("One case: plan, readiness, open tasks, consents (ETag = case version)");

        cases.MapGet("/{instanceId:guid}/readiness", async (Guid instanceId, WorkflowRuntime runtime, CaseDirectory directory, ClaimsPrincipal user, string? lang, CancellationToken ct) =>
            await (await runtime.GetReadinessAsync(instanceId, Language.Normalize(lang), ct)).ForAsync(user, runtime, directory, Language.Normalize(lang), ct)).RequireAuthorization(Policies.ReadCases).AuditsAccess(AccessKind.CaseViewed).WithSummary("Ready, waiting or blocked, with every reason");

        cases.MapGet("/{instanceId:guid}/tasks", async (Guid instanceId, WorkflowRuntime runtime, ClaimsPrincipal user, string? lang, CancellationToken ct) =>
            (await runtime.ListTasksAsync(new TaskQuery(InstanceId: instanceId, Language: Language.Normalize(lang)), ct)).For(user))
            .RequireAuthorization(Policies.ReadCases).AuditsAccess(AccessKind.CaseViewed).WithSummary("Open tasks of one case");

        cases.MapPatch("/{instanceId:guid}", async (Guid instanceId, CaseChangeBody change, ClaimsPrincipal user, WorkflowRuntime runtime,
            CaseDirectory directory, HttpResponse response, CancellationToken ct, [FromHeader(Name = "If-Match")] string? ifMatch = null) =>
        {
            var readiness = await runtime.ChangeCaseAsync(instanceId, change.ToChange().AuthorizedFor(user), user.ActorFor(Policies.ManageCases), ct, Preconditions.ExpectedVersion(ifMatch));
            if (readiness.Version is { } version) response.Headers.ETag = Preconditions.ETag(version);
            // The engine wrote the lines in the case's language; a rewritten (non-clinical) line is in the API's default, English.
            return await readiness.ForAsync(user, runtime, directory, "en", ct);
        })
            .RequireAuthorization(Policies.ManageCases).WithBodyLimit(BodyLimits.Case)
            .WithSummary("Change the plan (optional If-Match with the case's ETag: 412 when it changed since); a material change makes the signed consent inactive and asks for re-consent");

        // The patient owes nobody a reason (the consent text says so); staff may add a note.
        cases.MapPost("/{instanceId:guid}/withdraw", (Guid instanceId, ReasonBody? body, ClaimsPrincipal user, WorkflowRuntime runtime, CancellationToken ct) =>
            runtime.WithdrawConsentAsync(instanceId, user.ActorFor(Policies.RecordWithdrawal), body?.Reason, ct))
            .RequireAuthorization(Policies.RecordWithdrawal).WithBodyLimit(BodyLimits.Small).WithSummary("Record that the patient withdrew consent (no reason needed; an optional staff note); the workflow ends");

        cases.MapPost("/{instanceId:guid}/consent-concerns", (Guid instanceId, ConsentConcernBody body, ClaimsPrincipal user, WorkflowRuntime runtime, CancellationToken ct) =>
            runtime.ReportConsentConcernAsync(instanceId, body.Concern ?? "", user.ActorFor(Policies.WorkTasks), body.Note, ct))
            .RequireAuthorization(Policies.WorkTasks).WithBodyLimit(BodyLimits.Small)
            .WithSummary("Report why the signed consent no longer holds (conditionChanged, newImaging, templateRevised, errorRecorded, capacityInDoubt): it becomes inactive and consent starts again");

        cases.MapPost("/{instanceId:guid}/cancel", async (Guid instanceId, ReasonBody body, ClaimsPrincipal user, WorkflowRuntime runtime, CaseDirectory directory, CancellationToken ct) =>
            await (await runtime.CancelAsync(instanceId, user.ActorFor(Policies.ManageCases), body.Reason ?? "", ct)).ForAsync(user, runtime, directory, "en", ct))
            .RequireAuthorization(Policies.ManageCases).WithBodyLimit(BodyLimits.Small).WithSummary("Cancel the case; the workflow ends");

        return cases;
    }
}
