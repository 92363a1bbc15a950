using ConsentFlow.Application.Documents;
using ConsentFlow.Engine.FollowUps;
using ConsentFlow.Engine.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFlow.Application.FollowUps;

/// <summary>
/// A consent became active: produce its signed document, once. A document already stored for the consent (by an earlier
/// attempt that crashed after storing) ends the item; so does a consent that is no longer the active one.
/// </summary>
public sealed class ConsentDocumentFollowUp(WorkflowRuntime runtime, DocumentArchive archive, FollowUpQueue queue, IServiceProvider services) : IFollowUpHandler
{
    // Resolved on use: the templates and certificate load lazily, so a broken template folder fails this item, not the host.
    private ConsentDocumentService Producer => services.GetRequiredService<ConsentDocumentService>();

    public string Kind => FollowUpKinds.ConsentDocument;

    public async Task HandleAsync(FollowUpLease lease, Actor actor, CancellationToken cancellationToken)
    {
        var consentId = lease.SubjectId ?? Guid.Empty;
        var stored = (await archive.ListAsync(lease.InstanceId, cancellationToken))
            .Any(d => d.ConsentId == consentId && d.Kind == ConsentDocumentService.DocumentKind);
        var active = await runtime.GetSignedConsentAsync(lease.InstanceId, language: null, cancellationToken);
        if (stored || active?.ConsentId != consentId)
        {
            await queue.CompleteAsync(lease, cancellationToken);
            return;
        }
        await Producer.ProduceAsync(lease.InstanceId, actor, cancellationToken, completes: lease);
    }
}
