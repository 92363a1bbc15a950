using ConsentFlow.Engine.Runtime;
using Microsoft.Extensions.Logging;

namespace ConsentFlow.Application.Documents;

/// <summary>What a submission did; when it completed a consent's last signature, also the signed document produced for it.</summary>
/// <param name="DocumentPending">The consent became active but its document could not be produced; staff can generate it from the case page.</param>
public sealed record SubmissionResponse(
    Guid InstanceId, Guid TaskId, string InstanceStatus, IReadOnlyList<TaskView> OpenTasks, Guid? ActivatedConsentId, DocumentView? Document,
    bool DocumentPending);

/// <summary>
/// The one place task submissions happen, for the REST API, the Blazor UI and the demo seeder. A submission that
/// completes a consent's signatures produces the sealed PDF in the same request; if that fails, the submission stays
/// committed and the document is left for "Generate document".
/// </summary>
public sealed class TaskSubmissions(WorkflowRuntime runtime, CaseDocuments documents, ILogger<TaskSubmissions> logger)
{
    public async Task<SubmissionResponse> SubmitAsync(TaskSubmission submission, CancellationToken cancellationToken)
    {
        var result = await runtime.SubmitAsync(submission, cancellationToken);
        DocumentView? document = null;
        if (result.ActivatedConsentId is { } consentId)
        {
            try
            {
                document = await documents.EnsureForConsentAsync(result.InstanceId, consentId, submission.Actor, cancellationToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                // The failure's type only: messages from rendering or sealing may quote case data.
                logger.LogError("Signed consent document for instance {InstanceId} was not produced ({FailureType}); the signatures are saved.",
                    result.InstanceId, failure.GetType().FullName);
            }
        }
        return new SubmissionResponse(result.InstanceId, result.TaskId, result.InstanceStatus, result.OpenTasks, result.ActivatedConsentId, document,
            DocumentPending: result.ActivatedConsentId is not null && document is null);
    }
}
