using ConsentFlow.Bench.Harness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace ConsentFlow.Bench.Peer;

/// <summary>The peer: WorkflowCore 3.22.0 with its default in-memory persistence, hosted in this process.</summary>
public sealed class WorkflowCoreJourneyDriver(WorkflowCoreTuning tuning) : IJourneyDriver
{
    private readonly MilestoneBoard _board = new();
    private readonly string _runTag = Guid.NewGuid().ToString("N")[..8]; // keeps event keys unique across runs
    private ServiceProvider? _services;
    private IWorkflowHost? _host;

    public string Name => $"WorkflowCore 3.22.0 ({tuning.Label})";
    public string Persistence => "in-memory (default)";
    public IReadOnlyList<string> Settings { get; private set; } = [];

    public Task SetUpAsync(CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddProvider(new StderrWarningLoggerProvider()));
        services.AddWorkflow(tuning.ApplyTo); // no UsePersistence: MemoryPersistenceProvider is the default
        services.AddSingleton(_board);
        services.AddTransient<TaskOpened>().AddTransient<StepAdvanced>().AddTransient<JourneyReady>();
        _services = services.BuildServiceProvider();

        Settings = WorkflowCoreTuning.Describe(_services.GetRequiredService<WorkflowOptions>());
        _host = _services.GetRequiredService<IWorkflowHost>();
        _host.RegisterWorkflow<PreProcedureJourneyWorkflow, JourneyData>();
        _host.Start();
        return Task.CompletedTask;
    }

    public async Task<IJourney> StartJourneyAsync(int patientNumber, CancellationToken cancellationToken)
    {
        var host = _host ?? throw new InvalidOperationException("SetUpAsync first.");
        var data = new JourneyData { JourneyId = $"patient-{patientNumber:D6}-{_runTag}", AcceptEventsFromUtc = DateTime.UtcNow };
        var milestones = _board.Register(data.JourneyId);
        await host.StartWorkflow(PreProcedureJourneyWorkflow.DefinitionId, 1, data);
        return new Journey(host, data.JourneyId, milestones);
    }

    public async ValueTask DisposeAsync()
    {
        _host?.Stop();
        if (_services is not null) await _services.DisposeAsync();
    }

    private sealed class Journey(IWorkflowHost host, string id, JourneyMilestones milestones) : IJourney
    {
        public string Id => id;

        public Task WhenTaskOpenAsync(HumanStep step, CancellationToken cancellationToken) =>
            milestones.WhenReached(Milestone.TaskOpened(step), cancellationToken);

        public async Task<long> SubmitAsync(HumanStep step, CancellationToken cancellationToken)
        {
            var advanced = milestones.WhenReached(Milestone.StepAdvanced(step), cancellationToken);
            await host.PublishEvent(JourneyEvents.NameOf(step), id, eventData: step.ToString());
            return await advanced;
        }

        public Task WhenReadyAsync(CancellationToken cancellationToken) =>
            milestones.WhenReached(Milestone.Ready, cancellationToken);
    }
}
