using System.Diagnostics;
using ConsentFlow.Bench.Harness;
using ConsentFlow.Engine.Runtime;

namespace ConsentFlow.Bench.ConsentFlowDriver;

/// <summary>One synthetic patient. The engine returns the open tasks with every start and submission, so "task open" needs no polling.</summary>
internal sealed class ConsentFlowJourney(ConsentFlowJourneyDriver driver, StartResult started, DateTimeOffset scheduledStart) : IJourney
{
    private readonly object _gate = new();
    private IReadOnlyList<TaskView> _open = started.OpenTasks;
    private string _status = "Running";
    private bool _consentPrepared;

    public string Id => started.InstanceId.ToString("N");

    public async Task WhenTaskOpenAsync(HumanStep step, CancellationToken cancellationToken)
    {
        if (step == HumanStep.ConsentSignature && driver.Workflow.HasConsentPath && !_consentPrepared)
        {
            _consentPrepared = true;
            await driver.AsConsentStaffAsync(async () =>
            {
                await driver.TakeTurnAsync(cancellationToken);
                await SubmitStepAsync("consent-discussion", null, "surgeon", cancellationToken);
                await driver.TakeTurnAsync(cancellationToken);
                await SubmitStepAsync("teach-back", null, "patient", cancellationToken);
                await driver.TakeTurnAsync(cancellationToken);
                await SubmitStepAsync("consent-signature", "patient", "patient", cancellationToken);
                await driver.TakeTurnAsync(cancellationToken);
                return await SubmitStepAsync("consent-signature", "witness", "witness", cancellationToken);
            }, cancellationToken);
        }
        if (Find(step) is null) throw new InvalidOperationException($"journey {Id}: task for {step} is not open");
    }

    public async Task<long> SubmitAsync(HumanStep step, CancellationToken cancellationToken)
    {
        var task = driver.Workflow.TaskFor(step);
        await SubmitStepAsync(task.StepId, task.Signer, task.Role, cancellationToken);
        return Stopwatch.GetTimestamp();
    }

    public Task WhenReadyAsync(CancellationToken cancellationToken) =>
        _status == "Ready" ? Task.CompletedTask : throw new InvalidOperationException($"journey {Id} ended {_status}, not Ready");

    private async Task<long> SubmitStepAsync(string stepId, string? signer, string role, CancellationToken cancellationToken)
    {
        TaskView task;
        lock (_gate) task = _open.First(t => t.StepId == stepId && t.SignerRole == signer);
        var data = driver.Workflow.HasConsentPath
            ? driver.Answers.For(stepId, signer, null, scheduledStart, DateTimeOffset.UtcNow)
            : JourneyWorkflow.PeerShapeAnswer(stepId);
        var result = await driver.Runtime.SubmitAsync(new TaskSubmission(task.Id, new Actor($"bench-{role}", role), data), cancellationToken);
        lock (_gate)
        {
            _open = result.OpenTasks;
            _status = result.InstanceStatus;
        }
        return Stopwatch.GetTimestamp();
    }

    private TaskView? Find(HumanStep step)
    {
        var task = driver.Workflow.TaskFor(step);
        lock (_gate) return _open.FirstOrDefault(t => t.StepId == task.StepId && t.SignerRole == task.Signer);
    }
}
