using System.Security.Claims;
using ConsentFlow.Application.Reading;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Identity.Audit;
using ConsentFlow.Web.Security;

namespace ConsentFlow.Web.Api;

/// <summary>Cases and their workflow instances; every route uses the opaque instance id, never a patient identifier.</summary>
public static class CaseEndpoints
{
    public static RouteGroupBuilder MapCaseEndpoints(this IEndpointRouteBuilder routes)
    {
        var cases = routes.MapGroup("/api/cases").WithTags("Cases").RequireAuthorization();

        cases.MapPost("/", async (StartCaseBody body, ClaimsPrincipal user, WorkflowRuntime runtime, CancellationToken ct) =>
        {
            var started = await runtime.StartAsync(body.ToRequest(), user.ActorFor(Policies.ManageCases), ct);
            return TypedResults.Created($"/api/cases/{started.InstanceId}", started);
        }).RequireAuthorization(Policies.ManageCases).WithSummary("Start a case and its workflow");

        cases.MapGet("/", async (CaseDirectory directory, ClaimsPrincipal user, string? lang, CancellationToken ct) =>
                (await directory.ListAsync(Language.Normalize(lang), ct)).For(user))
            .RequireAuthorization(Policies.ReadCases).AuditsAccess(AccessKind.CaseListed).WithSummary("All cases with their readiness (the board)");

        cases.MapGet("/{instanceId:guid}", async (Guid instanceId, CaseDirectory directory, ClaimsPrincipal user, string? lang, CancellationToken ct) =>
            (await directory.GetAsync(instanceId, Language.Normalize(lang), ct)).For(user)).RequireAuthorization(Policies.ReadCases).AuditsAccess(AccessKind.CaseViewed).WithSummary("One case: plan, readiness, open tasks, consents");

        cases.MapGet("/{instanceId:guid}/readiness", async (Guid instanceId, WorkflowRuntime runtime, ClaimsPrincipal user, string? lang, CancellationToken ct) =>
            (await runtime.GetReadinessAsync(instanceId, Language.Normalize(lang), ct)).For(user)).RequireAuthorization(Policies.ReadCases).AuditsAccess(AccessKind.CaseViewed).WithSummary("Ready, waiting or blocked, with every reason");

        cases.MapGet("/{instanceId:guid}/tasks", async (Guid instanceId, WorkflowRuntime runtime, ClaimsPrincipal user, string? lang, CancellationToken ct) =>
            (await runtime.ListTasksAsync(new TaskQuery(InstanceId: instanceId, Language: Language.Normalize(lang)), ct)).For(user))
            .RequireAuthorization(Policies.ReadCases).AuditsAccess(AccessKind.CaseViewed).WithSummary("Open tasks of one case");

        cases.MapPatch("/{instanceId:guid}", async (Guid instanceId, CaseChange change, ClaimsPrincipal user, WorkflowRuntime runtime, CancellationToken ct) =>
            (await runtime.ChangeCaseAsync(instanceId, change, user.ActorFor(Policies.ManageCases), ct)).For(user))
            .RequireAuthorization(Policies.ManageCases).WithSummary("Change the plan; a material change makes the signed consent inactive and asks for re-consent");

        // The patient owes nobody a reason (the consent text says so); staff may add a note.
        cases.MapPost("/{instanceId:guid}/withdraw", (Guid instanceId, ReasonBody? body, ClaimsPrincipal user, WorkflowRuntime runtime, CancellationToken ct) =>
            runtime.WithdrawConsentAsync(instanceId, user.ActorFor(Policies.RecordWithdrawal), OptionalNote(body?.Reason), ct))
            .RequireAuthorization(Policies.RecordWithdrawal).WithSummary("Record that the patient withdrew consent (no reason needed; an optional staff note); the workflow ends");

        cases.MapPost("/{instanceId:guid}/consent-concerns", (Guid instanceId, ConsentConcernBody body, ClaimsPrincipal user, WorkflowRuntime runtime, CancellationToken ct) =>
            runtime.ReportConsentConcernAsync(instanceId, RequiredConcern(body), user.ActorFor(Policies.WorkTasks), OptionalNote(body.Note), ct))
            .RequireAuthorization(Policies.WorkTasks)
            .WithSummary("Report why the signed consent no longer holds (conditionChanged, newImaging, templateRevised, errorRecorded, capacityInDoubt): it becomes inactive and consent starts again");

        cases.MapPost("/{instanceId:guid}/cancel", async (Guid instanceId, ReasonBody body, ClaimsPrincipal user, WorkflowRuntime runtime, CancellationToken ct) =>
            (await runtime.CancelAsync(instanceId, user.ActorFor(Policies.ManageCases), RequiredReason(body), ct)).For(user))
            .RequireAuthorization(Policies.ManageCases).WithSummary("Cancel the case; the workflow ends");

        return cases;
    }

    public const int MaxNoteLength = 2000;

    private static string? OptionalNote(string? note) =>
        string.IsNullOrWhiteSpace(note) ? null
        : note.Length > MaxNoteLength ? throw new Engine.Forms.FormValidationException("note", [new("note", $"must be at most {MaxNoteLength} characters")])
        : note.Trim();

    private static string RequiredConcern(ConsentConcernBody body) =>
        string.IsNullOrWhiteSpace(body.Concern)
            ? throw new Engine.Forms.FormValidationException("consentConcern", [new("concern", "is required")])
            : body.Concern.Trim();

    private static string RequiredReason(ReasonBody body) =>
        string.IsNullOrWhiteSpace(body.Reason)
            ? throw new Engine.Forms.FormValidationException("reason", [new("reason", "is required")])
            : body.Reason.Trim();
}
