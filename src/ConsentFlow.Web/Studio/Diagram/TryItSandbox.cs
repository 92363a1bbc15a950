using System.Text.Json.Nodes;
using ConsentFlow.Engine;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Scenarios;
using ConsentFlow.Storage.Sqlite;

namespace ConsentFlow.Web.Studio.Diagram;

/// <summary>Which text a try-it case runs on: the administrator's saved draft, or the newest published version.</summary>
public enum TryItSource { Draft, Published }

/// <summary>
/// "Try it": one synthetic case on a definition, in its own throwaway SQLite database (a temp folder deleted on dispose)
/// with a clock only the administrator moves. The clinic's database is never opened here, so nothing tried can reach
/// a real patient's record, board or audit trail. Acting as each role in turn is fine: the data is made up.
/// </summary>
public sealed class TryItSandbox : IAsyncDisposable
{
    private static readonly Actor Designer = new("try-it-designer", "administrator");
    private static readonly Actor Scheduler = CaseDriver.ActorFor("scheduler");

    private readonly ScenarioWorkspace _workspace;
    private readonly CaseDriver _driver;

    private TryItSandbox(ScenarioWorkspace workspace, CaseDriver driver, WorkflowDefinition definition, TryItSource source)
    {
        _workspace = workspace;
        _driver = driver;
        Definition = definition;
        Source = source;
    }

    public WorkflowDefinition Definition { get; }
    public TryItSource Source { get; }
    public Guid InstanceId => _driver.InstanceId;
    public DateTimeOffset Now => _driver.Clock.Now;
    public DateTimeOffset ScheduledStart => _driver.ScheduledStart;
    public string TimeZoneId => _driver.Zone.Id;
    /// <summary>The sandbox's own folder; tests check it is gone after dispose.</summary>
    public string Folder => _workspace.Folder;

    /// <summary>Publishes <paramref name="json"/> into a fresh sandbox and starts the synthetic case, scheduled ten days after <paramref name="now"/>.</summary>
    /// <exception cref="InvalidDefinitionException">The text is not a valid definition.</exception>
    public static async Task<TryItSandbox> StartAsync(string json, TryItSource source, string? typicalAnswersFile, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var workspace = ScenarioWorkspace.Create(folder => SqliteStorage.File(Path.Combine(folder, "try-it.db")));
        try
        {
            var clock = new ScenarioClock(now);
            var engine = await ConsentFlowEngine.OpenAsync(workspace.Storage, clock, cancellationToken);
            var published = await engine.Catalog.PublishAsync(json, source == TryItSource.Draft ? "draft" : "published", Designer, cancellationToken);
            var (definition, _) = await engine.Catalog.GetLatestAsync(published.DefinitionId, cancellationToken);
            var answers = typicalAnswersFile is not null && File.Exists(typicalAnswersFile)
                ? await AnswerBook.LoadAsync(typicalAnswersFile, cancellationToken)
                : new AnswerBook([]);
            var zone = CaseTimeZone();
            var day = TimeZoneInfo.ConvertTime(now, zone).Date.AddDays(10).AddHours(8);
            var scheduled = new DateTimeOffset(day, zone.GetUtcOffset(day));
            var request = CaseDriver.Request(definition.Id, new ScenarioCase(scheduled, TimeZone: zone.Id));
            var driver = await CaseDriver.StartAsync(engine, clock, answers, request, Scheduler, cancellationToken);
            return new TryItSandbox(workspace, driver, definition, source);
        }
        catch
        {
            await workspace.DisposeAsync();
            throw;
        }
    }

    private static TimeZoneInfo CaseTimeZone() =>
        TimeZoneInfo.TryFindSystemTimeZoneById(SyntheticClinic.TimeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;

    public Task<IReadOnlyList<TaskView>> OpenTasksAsync(CancellationToken cancellationToken) => _driver.OpenTasksAsync(cancellationToken);

    public Task<Readiness> ReadinessAsync(CancellationToken cancellationToken) => _driver.ReadinessAsync(cancellationToken);

    /// <summary>The answers of an uneventful patient for the task, as a starting point the administrator can change.</summary>
    public JsonObject TypicalAnswers(TaskView task) =>
        task.Kind == "Override"
            ? new JsonObject { ["reason"] = "Tried in the studio" }
            : _driver.Answers.For(task.StepId, task.SignerRole, null, ScheduledStart, Now);

    /// <summary>Submits the task as its signer's role (or its first assignee's); the engine validates the answers as it would for staff.</summary>
    public Task<SubmitResult> SubmitAsync(TaskView task, JsonObject answers, CancellationToken cancellationToken) =>
        _driver.Engine.Runtime.SubmitAsync(new TaskSubmission(task.Id, CaseDriver.ActorFor(ActingRole(task)), answers), cancellationToken);

    public static string ActingRole(TaskView task) => task.SignerRole ?? task.Roles.FirstOrDefault() ?? "nurse";

    /// <summary>Moves the simulated clock forward and fires whatever fell due; returns how many timers fired.</summary>
    public Task<int> AdvanceAsync(TimeSpan by, CancellationToken cancellationToken) => _driver.MoveClockAsync(Now + by, cancellationToken);

    public Task<int> MoveClockToAsync(DateTimeOffset to, CancellationToken cancellationToken) => _driver.MoveClockAsync(to, cancellationToken);

    public async Task<InstanceOverlay> OverlayAsync(CancellationToken cancellationToken)
    {
        var progress = await InstanceOverlayReader.ReadAsync(_driver.Engine.Contexts, InstanceId, cancellationToken)
            ?? throw new InvalidOperationException("The try-it case is missing from its own sandbox.");
        return InstanceOverlayReader.Build(Definition, progress);
    }

    public ValueTask DisposeAsync() => _workspace.DisposeAsync();
}
