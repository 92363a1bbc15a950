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

        cases.MapGet("/", (CaseDirectory directory, string? lang, CancellationToken ct) => directory.ListAsync(Language.Normalize(lang), ct))
            .RequireAuthorization(Policies.ReadCases).AuditsAccess(AccessKind.CaseListed).WithSummary("All cases with their readiness (the board)");

        cases.MapGet("/{instanceId:guid}", (Guid instanceId, CaseDirectory directory, string? lang, CancellationToken ct) =>
            directory.GetAsync(instanceId, Language.Normalize(lang), ct)).RequireAuthorization(Policies.ReadCases).AuditsAccess(AccessKind.CaseViewed).WithSummary("One case: plan, readiness, open tasks, consents");

        cases.MapGet("/{instanceId:guid}/readiness", (Guid instanceId, WorkflowRuntime runtime, string? lang, CancellationToken ct) =>
            runtime.GetReadinessAsync(instanceId, Language.Normalize(lang), ct)).RequireAuthorization(Policies.ReadCases).AuditsAccess(AccessKind.CaseViewed).WithSummary("Ready, waiting or blocked, with every reason");

        cases.MapGet("/{instanceId:guid}/tasks", (Guid instanceId, WorkflowRuntime runtime, string? lang, CancellationToken ct) =>
            runtime.ListTasksAsync(new TaskQuery(InstanceId: instanceId, Language: Language.Normalize(lang)), ct))
            .RequireAuthorization(Policies.ReadCases).AuditsAccess(AccessKind.CaseViewed).WithSummary("Open tasks of one case");

        cases.MapPatch("/{instanceId:guid}", (Guid instanceId, CaseChange change, ClaimsPrincipal user, WorkflowRuntime runtime, CancellationToken ct) =>
            runtime.ChangeCaseAsync(instanceId, change, user.ActorFor(Policies.ManageCases), ct))
            .RequireAuthorization(Policies.ManageCases).WithSummary("Change the plan; a material change makes the signed consent inactive and asks for re-consent");

        cases.MapPost("/{instanceId:guid}/withdraw", (Guid instanceId, ReasonBody body, ClaimsPrincipal user, WorkflowRuntime runtime, CancellationToken ct) =>
            runtime.WithdrawConsentAsync(instanceId, user.ActorFor(Policies.RecordWithdrawal), RequiredReason(body), ct))
            .RequireAuthorization(Policies.RecordWithdrawal).WithSummary("Record that the patient withdrew consent; the workflow ends");

        cases.MapPost("/{instanceId:guid}/cancel", (Guid instanceId, ReasonBody body, ClaimsPrincipal user, WorkflowRuntime runtime, CancellationToken ct) =>
            runtime.CancelAsync(instanceId, user.ActorFor(Policies.ManageCases), RequiredReason(body), ct))
            .RequireAuthorization(Policies.ManageCases).WithSummary("Cancel the case; the workflow ends");

        return cases;
    }

    private static string RequiredReason(ReasonBody body) =>
        string.IsNullOrWhiteSpace(body.Reason)
            ? throw new Engine.Forms.FormValidationException("reason", [new("reason", "is required")])
            : body.Reason.Trim();
}
