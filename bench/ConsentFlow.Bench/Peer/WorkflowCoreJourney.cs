using ConsentFlow.Bench.Harness;
using WorkflowCore.Interface;

namespace ConsentFlow.Bench.Peer;

/// <summary>One synthetic patient in WorkflowCore: a submission is an event published with the journey id as its key.</summary>
internal sealed class WorkflowCoreJourney(WorkflowCoreJourneyDriver driver, IWorkflowHost host, string id, JourneyMilestones milestones) : IJourney
{
    private bool _consentPathWalked;

    public string Id => id;

    public async Task WhenTaskOpenAsync(HumanStep step, CancellationToken cancellationToken)
    {
        // On the PELD shape the consent signature opens only after the consent path's own submissions. They are made
        // here exactly as ConsentFlowJourney makes them: in turn, under the consent staff, a paced turn each, not
        // measured — so both engines get the same load.
        if (step == HumanStep.ConsentSignature && driver.ConsentPath.Count > 0 && !_consentPathWalked)
        {
            _consentPathWalked = true;
            await driver.AsConsentStaffAsync(async () =>
            {
                foreach (var own in driver.ConsentPath)
                {
                    await milestones.WhenReached(Milestone.TaskOpened(own), cancellationToken);
                    await driver.TakeTurnAsync(cancellationToken);
                    await PublishAndWaitAsync(own, cancellationToken);
                }
            }, cancellationToken);
            await milestones.WhenReached(Milestone.TaskOpened(PeerStep.ConsentSignature), cancellationToken);
            // Open means its subscription is stored, not that its TaskOpened step ran: a WaitFor pass still follows,
            // and the harness submits imaging or sedation next. Their subscriptions are older than that pass, so
            // their event, meeting the workflow locked, would wait for WorkflowCore's poll (10 s at defaults): it
            // re-queues only events for subscriptions the locking pass stored itself. On the peer's journey the
            // first submission after the split is always such a case (all three subscriptions come in one pass).
            await driver.WhenSubscribedAsync(PeerStep.ConsentSignature, id, cancellationToken);
            return;
        }
        await milestones.WhenReached(Milestone.TaskOpened(PeerSteps.Of(step)), cancellationToken);
    }

    public Task<long> SubmitAsync(HumanStep step, CancellationToken cancellationToken) =>
        PublishAndWaitAsync(PeerSteps.Of(step), cancellationToken);

    public Task WhenReadyAsync(CancellationToken cancellationToken) =>
        milestones.WhenReached(Milestone.Ready, cancellationToken);

    /// <summary>Publishes the step's event and completes when the workflow has moved past it, with that moment.</summary>
    private async Task<long> PublishAndWaitAsync(PeerStep step, CancellationToken cancellationToken)
    {
        var advanced = milestones.WhenReached(Milestone.StepAdvanced(step), cancellationToken);
        await host.PublishEvent(PeerSteps.EventNameOf(step), id, eventData: step.ToString());
        return await advanced;
    }
}
