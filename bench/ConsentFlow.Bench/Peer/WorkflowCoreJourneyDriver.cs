using ConsentFlow.Bench.Harness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace ConsentFlow.Bench.Peer;

/// <summary>The peer: WorkflowCore 3.22.0 with its default in-memory persistence, hosted in this process, on one journey shape.</summary>
public sealed class WorkflowCoreJourneyDriver(WorkflowCoreTuning tuning, PeerJourneyShape shape, int concurrency) : IJourneyDriver
{
    private readonly MilestoneBoard _board = new(shape.MilestoneCount);
    private readonly string _runTag = Guid.NewGuid().ToString("N")[..8]; // keeps event keys unique across runs
    // The consent path's own submissions run bounded, like the harness's staff: the ConsentFlow driver's rule.
    private readonly SemaphoreSlim _consentStaff = new(concurrency);
    private Pacer? _pacer;
    private ServiceProvider? _services;
    private IWorkflowHost? _host;

    public string Name => $"WorkflowCore 3.22.0 ({shape.Workload.Label}, {tuning.Label})";
    public WorkloadShape Shape => shape.Workload;
    public string Persistence => "in-memory (default)";
    public IReadOnlyList<string> Settings { get; private set; } = [];

    internal IReadOnlyList<PeerStep> ConsentPath => shape.ConsentPath;

    public Task SetUpAsync(CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddProvider(new StderrWarningLoggerProvider()));
        services.AddWorkflow(tuning.ApplyTo); // no UsePersistence: MemoryPersistenceProvider is the default
        services.AddSingleton(_board);
        services.AddTransient<TaskOpened>().AddTransient<StepAdvanced>().AddTransient<JourneyReady>();
        _services = services.BuildServiceProvider();

        var options = WorkflowCoreTuning.Describe(_services.GetRequiredService<WorkflowOptions>());
        Settings = shape.ConsentPath.Count == 0 ? options :
            [.. options, $"consent path: {shape.ConsentPath.Count} extra events per journey ({string.Join(", ", shape.ConsentPath.Select(PeerSteps.EventNameOf))}) before the measured consent signature"];
        _services.GetRequiredService<IWorkflowRegistry>().RegisterWorkflow(shape.Workflow);
        _host = _services.GetRequiredService<IWorkflowHost>();
        _host.Start();
        return Task.CompletedTask;
    }

    public async Task<IJourney> StartJourneyAsync(int patientNumber, CancellationToken cancellationToken)
    {
        var host = _host ?? throw new InvalidOperationException("SetUpAsync first.");
        var data = new JourneyData { JourneyId = $"patient-{patientNumber:D6}-{_runTag}", AcceptEventsFromUtc = DateTime.UtcNow };
        var milestones = _board.Register(data.JourneyId);
        await host.StartWorkflow(shape.Workflow.Id, shape.Workflow.Version, data);
        return new WorkflowCoreJourney(this, host, data.JourneyId, milestones);
    }

    /// <summary>Completes once the step's WaitFor subscription is stored: WorkflowCore now takes its event at once.</summary>
    internal async Task WhenSubscribedAsync(PeerStep step, string journeyId, CancellationToken cancellationToken)
    {
        var store = _services!.GetRequiredService<IPersistenceProvider>();
        while (await store.GetFirstOpenSubscription(PeerSteps.EventNameOf(step), journeyId, DateTime.UtcNow, cancellationToken) is null)
            await Task.Delay(1, cancellationToken);
    }

    public void PaceOwnSubmissions(Pacer pacer) => _pacer = pacer;

    /// <summary>A turn for one of the consent path's own submissions: a paced one in the latency pass.</summary>
    internal Task TakeTurnAsync(CancellationToken cancellationToken) => _pacer?.WaitTurnAsync(cancellationToken) ?? Task.CompletedTask;

    internal async Task AsConsentStaffAsync(Func<Task> work, CancellationToken cancellationToken)
    {
        await _consentStaff.WaitAsync(cancellationToken);
        try { await work(); }
        finally { _consentStaff.Release(); }
    }

    public async ValueTask DisposeAsync()
    {
        _host?.Stop();
        if (_services is not null) await _services.DisposeAsync();
        _consentStaff.Dispose();
    }
}
