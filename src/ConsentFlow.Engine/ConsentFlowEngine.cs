using ConsentFlow.Engine.FollowUps;
using ConsentFlow.Engine.Publishing;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Engine.Timers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConsentFlow.Engine;

/// <summary>The engine's parts wired together, for hosts without dependency injection (CLI, scenario runner, benchmarks).</summary>
public sealed class ConsentFlowEngine
{
    private ConsentFlowEngine(IDbContextFactory<ConsentFlowDbContext> contexts, TimeProvider clock, WriteGate gate, ILoggerFactory logging)
    {
        Contexts = contexts;
        Gate = gate;
        Catalog = new DefinitionCatalog(contexts, clock);
        Runtime = new WorkflowRuntime(contexts, Catalog, clock, gate);
        FollowUps = new FollowUpQueue(contexts, clock);
        Documents = new DocumentArchive(contexts, clock, gate, FollowUps);
        Timers = new TimerScheduler(contexts, Runtime, clock, logging.CreateLogger<TimerScheduler>());
    }

    public IDbContextFactory<ConsentFlowDbContext> Contexts { get; }
    public WriteGate Gate { get; }
    public DefinitionCatalog Catalog { get; }
    public WorkflowRuntime Runtime { get; }
    public DocumentArchive Documents { get; }
    public FollowUpQueue FollowUps { get; }
    public TimerScheduler Timers { get; }

    /// <summary>Opens (creating and migrating if needed) the database and returns a ready engine.</summary>
    public static async Task<ConsentFlowEngine> OpenAsync(StorageProvider storage, TimeProvider? clock, CancellationToken cancellationToken)
    {
        var contexts = new PooledDbContextFactory<ConsentFlowDbContext>(Options(storage));
        await DatabaseSetup.MigrateAsync(contexts, storage, cancellationToken);
        return new ConsentFlowEngine(contexts, clock ?? TimeProvider.System, storage.CreateWriteGate(), NullLoggerFactory.Instance);
    }

    private static DbContextOptions<ConsentFlowDbContext> Options(StorageProvider storage)
    {
        var builder = new DbContextOptionsBuilder<ConsentFlowDbContext>();
        DatabaseSetup.Configure(builder, storage);
        return builder.Options;
    }
}

public static class EngineServiceCollectionExtensions
{
    /// <summary>Registers the engine for a host; the caller migrates with <see cref="DatabaseSetup.MigrateAsync"/> at start-up.</summary>
    public static IServiceCollection AddConsentFlowEngine(this IServiceCollection services, StorageProvider storage, bool runTimers = true)
    {
        services.AddPooledDbContextFactory<ConsentFlowDbContext>(builder => DatabaseSetup.Configure(builder, storage));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(storage);
        services.AddSingleton(storage.CreateWriteGate());
        services.AddSingleton<DefinitionCatalog>();
        services.AddSingleton<WorkflowRuntime>();
        services.AddSingleton<Forms.FormDrafts>();
        services.AddSingleton<DocumentArchive>();
        services.AddSingleton<FollowUpQueue>();
        services.AddSingleton<IdempotencyLedger>();
        services.AddSingleton<TimerScheduler>();
        if (runTimers) services.AddHostedService(provider => provider.GetRequiredService<TimerScheduler>());
        return services;
    }
}
