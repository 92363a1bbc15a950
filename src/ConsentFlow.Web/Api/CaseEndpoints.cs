using ConsentFlow.Engine.Runtime;
using ConsentFlow.Application.Reading;

namespace ConsentFlow.Web.Api;

/// <summary>Cases and their workflow instances; every route uses the opaque instance id, never a patient identifier.</summary>
public static class CaseEndpoints
{
    public static RouteGroupBuilder MapCaseEndpoints(this IEndpointRouteBuilder routes)
    {
        var cases = routes.MapGroup("/api/cases").WithTags("Cases");

        cases.MapPost("/", async (StartCaseBody body, Caller caller, WorkflowRuntime runtime, CancellationToken ct) =>
        {
            caller.Require(Roles.CaseManagers);
            var started = await runtime.StartAsync(body.ToRequest(), caller.Actor, ct);
            return Results.Created($"/api/cases/{started.InstanceId}", started);
        }).WithSummary("Start a case and its workflow");

        cases.MapGet("/", (Caller caller, CaseDirectory directory, string? lang, CancellationToken ct) =>
            directory.ListAsync(Language.Normalize(lang), ct)).WithSummary("All cases with their readiness (the board)");

        cases.MapGet("/{instanceId:guid}", (Guid instanceId, Caller caller, CaseDirectory directory, string? lang, CancellationToken ct) =>
            directory.GetAsync(instanceId, Language.Normalize(lang), ct)).WithSummary("One case: plan, readiness, open tasks, consents");

        cases.MapGet("/{instanceId:guid}/readiness", (Guid instanceId, Caller caller, WorkflowRuntime runtime, string? lang, CancellationToken ct) =>
            runtime.GetReadinessAsync(instanceId, Language.Normalize(lang), ct)).WithSummary("Ready, waiting or blocked, with every reason");

        cases.MapGet("/{instanceId:guid}/tasks", (Guid instanceId, Caller caller, WorkflowRuntime runtime, string? lang, CancellationToken ct) =>
            runtime.ListTasksAsync(new TaskQuery(InstanceId: instanceId, Language: Language.Normalize(lang)), ct)).WithSummary("Open tasks of one case");

        cases.MapPatch("/{instanceId:guid}", (Guid instanceId, CaseChange change, Caller caller, WorkflowRuntime runtime, CancellationToken ct) =>
        {
            caller.Require(Roles.CaseManagers);
            return runtime.ChangeCaseAsync(instanceId, change, caller.Actor, ct);
        }).WithSummary("Change the plan; a material change makes the signed consent inactive and asks for re-consent");

        cases.MapPost("/{instanceId:guid}/withdraw", (Guid instanceId, ReasonBody body, Caller caller, WorkflowRuntime runtime, CancellationToken ct) =>
        {
            caller.Require(Roles.WithdrawalRecorders);
            return runtime.WithdrawConsentAsync(instanceId, caller.Actor, RequiredReason(body), ct);
        }).WithSummary("The patient withdraws consent; the workflow ends");

        cases.MapPost("/{instanceId:guid}/cancel", (Guid instanceId, ReasonBody body, Caller caller, WorkflowRuntime runtime, CancellationToken ct) =>
        {
            caller.Require(Roles.CaseManagers);
            return runtime.CancelAsync(instanceId, caller.Actor, RequiredReason(body), ct);
        }).WithSummary("Cancel the case; the workflow ends");

        return cases;
    }

    private static string RequiredReason(ReasonBody body) =>
        string.IsNullOrWhiteSpace(body.Reason)
            ? throw new Engine.Forms.FormValidationException("reason", [new("reason", "is required")])
            : body.Reason.Trim();
}
