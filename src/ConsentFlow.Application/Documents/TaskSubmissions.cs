using System.Text.Json.Nodes;
using ConsentFlow.Application.FollowUps;
using ConsentFlow.Documents.Templates;
using ConsentFlow.Engine.FollowUps;
using ConsentFlow.Engine.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConsentFlow.Application.Documents;

/// <summary>What a submission did; when it completed a consent's last signature, also the signed document produced for it.</summary>
/// <param name="DocumentPending">The consent became active but its document is not stored yet; the follow-up worker retries it.</param>
public sealed record SubmissionResponse(
    Guid InstanceId, Guid TaskId, string InstanceStatus, IReadOnlyList<TaskView> OpenTasks, Guid? ActivatedConsentId, DocumentView? Document,
    bool DocumentPending);

/// <summary>
/// The one place task submissions happen, for the REST API, the Blazor UI and the demo seeder. A submission that
/// completes a consent's signatures commits an outbox item for its document with the signatures; the item runs right
/// after the commit so the answer carries the sealed PDF, and whatever a failure or a crash leaves is carried out by
/// <see cref="FollowUpWorker"/>.
/// </summary>
public sealed class TaskSubmissions(WorkflowRuntime runtime, CaseDocuments documents, FollowUpRunner followUps, FollowUpOptions options,
    IServiceProvider services, ILogger<TaskSubmissions> logger)
{
    public async Task<SubmissionResponse> SubmitAsync(TaskSubmission submission, CancellationToken cancellationToken)
    {
        var result = await runtime.SubmitAsync(await WithShownTemplateAsync(submission, cancellationToken), cancellationToken);
        DocumentView? document = null;
        if (result.ActivatedConsentId is { } consentId)
        {
            if (options.StallAfterCommitForCrashTests)
            {
                logger.LogWarning("Stalled after commit for a crash test (follow-up of instance {InstanceId} left pending).", result.InstanceId);
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            await followUps.RunNowAsync(FollowUpKinds.ConsentDocument, consentId, submission.Actor, cancellationToken);
            document = await documents.ForConsentAsync(result.InstanceId, consentId, cancellationToken);
        }
        return new SubmissionResponse(result.InstanceId, result.TaskId, result.InstanceStatus, result.OpenTasks, result.ActivatedConsentId, document,
            DocumentPending: result.ActivatedConsentId is not null && document is null);
    }

    /// <summary>
    /// A signature is given on the template version shown at this moment; the engine keeps it with the consent's first
    /// signature, so the document and reviews keep rendering it after a newer version is published.
    /// </summary>
    private async Task<TaskSubmission> WithShownTemplateAsync(TaskSubmission submission, CancellationToken cancellationToken)
    {
        if (submission.Shown is not null) return submission;
        var (task, _) = await runtime.GetTaskAsync(submission.TaskId, "en", cancellationToken);
        if (task.Kind != nameof(ConsentFlow.Engine.Storage.TaskKind.Signature)) return submission;
        var shownSha256 = submission.Data[ConsentText.ShownHashField] is JsonValue hash && hash.TryGetValue<string>(out var sha) ? sha : null;
        try
        {
            // Resolved on use, like the document producer: a broken template folder must not stop forms and signatures.
            var consentText = services.GetRequiredService<ConsentTextPreview>();
            return submission with { Shown = await consentText.ShownAtSigningAsync(task.InstanceId, shownSha256, cancellationToken) };
        }
        catch (Exception unavailable) when (unavailable is ConsentTemplateException or IOException or KeyNotFoundException)
        {
            // Unpinned, the consent's text is found later by the hash the first signer recorded, as for consents signed before pinning.
            logger.LogWarning("Signature on task {TaskId} recorded without a template version: consent templates unavailable ({FailureType}).",
                submission.TaskId, unavailable.GetType().Name);
            return submission;
        }
    }
}
