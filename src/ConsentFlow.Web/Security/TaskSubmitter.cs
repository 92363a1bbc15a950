using System.Security.Claims;
using System.Text.Json.Nodes;
using ConsentFlow.Application.Documents;
using ConsentFlow.Engine.Runtime;

namespace ConsentFlow.Web.Security;

/// <summary>
/// Submits a task for the signed-in person, for the REST API, the staff screens and the tablet alike: decides the
/// capacity they act in, re-authenticates a signature, then hands the submission to the shared submission path.
/// </summary>
public sealed class TaskSubmitter(WorkflowRuntime runtime, TaskActors actors, TaskSubmissions submissions)
{
    public async Task<SubmissionResponse> SubmitAsync(ClaimsPrincipal user, Guid taskId, JsonObject answers, string? password, string? idempotencyKey,
        int? expectedVersion, CancellationToken cancellationToken)
    {
        var (task, form) = await runtime.GetTaskAsync(taskId, "en", cancellationToken);
        var actor = await actors.ActorForAsync(user, task, form, answers, password, cancellationToken);
        // The actor keeps their own role (the journal's); ForRole is the task's role they fill (a surgeon on the nurse's checklist).
        return await submissions.SubmitAsync(new TaskSubmission(taskId, actor, answers, idempotencyKey, expectedVersion,
            ForRole: TaskActors.StandsInFor(actor.Role, task, form)), cancellationToken);
    }
}
