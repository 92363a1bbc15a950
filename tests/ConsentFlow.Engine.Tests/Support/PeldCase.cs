using System.Text.Json.Nodes;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Scenarios;

namespace ConsentFlow.Engine.Tests.Support;

/// <summary>
/// One synthetic patient on the default workflow for the tests: a thin layer over the scenario runner's
/// <see cref="CaseDriver"/>, so tests and scenario files drive a case the same way.
/// </summary>
public sealed class PeldCase
{
    private static readonly Lazy<AnswerBook> Typical = new(() =>
        AnswerBook.LoadAsync(Path.Combine(RepositoryPaths.Workflows, AnswerBook.TypicalAnswersFile), CancellationToken.None).GetAwaiter().GetResult());

    private readonly CaseDriver _driver;

    private PeldCase(TestEngine test, CaseDriver driver)
    {
        Test = test;
        _driver = driver;
    }

    public TestEngine Test { get; }
    public Guid InstanceId => _driver.InstanceId;
    public DateTimeOffset ScheduledStart => _driver.ScheduledStart;

    public static StartCaseRequest Request(DateTimeOffset scheduledStart, string level = "L4-L5", string side = "left", string sex = "M") => new(
        "peld-consent", new PatientIdentity("MRN-100200", "Avery", "Jordan", new DateOnly(1968, 4, 2), sex),
        "Percutaneous endoscopic lumbar discectomy", "62380", level, side, "transforaminal", "Dr. M. Okafor", "moderate",
        scheduledStart, "America/Chicago", "en");

    public static async Task<PeldCase> StartAsync(TestEngine test, DateTimeOffset scheduledStart, string level = "L4-L5") =>
        new(test, await CaseDriver.StartAsync(test.Engine, test.Clock, Typical.Value, Request(scheduledStart, level), TestEngine.Nurse, CancellationToken.None));

    public Task<IReadOnlyList<TaskView>> OpenTasksAsync() => _driver.OpenTasksAsync(CancellationToken.None);

    public async Task<TaskView?> FindTaskAsync(string stepId, string? signer = null) =>
        (await OpenTasksAsync()).FirstOrDefault(t => t.StepId == stepId && (signer is null || t.SignerRole == signer));

    public async Task<TaskView> TaskAsync(string stepId, string? signer = null) =>
        await FindTaskAsync(stepId, signer)
        ?? throw new Xunit.Sdk.XunitException($"No open task '{stepId}' {signer}; open: {string.Join(", ", (await OpenTasksAsync()).Select(CaseDriver.Label))}");

    public JsonObject Answers(string stepId, string? signer = null, JsonObject? overrides = null) =>
        Typical.Value.For(stepId, signer, overrides, ScheduledStart, Test.Clock.Now);

    /// <summary>Submits the step's task with the typical answers; a hard stop's override task gets a typical written reason.</summary>
    public async Task<SubmitResult> SubmitAsync(string stepId, Actor actor, JsonObject? overrides = null, string? signer = null)
    {
        var isHardStop = (await OpenTasksAsync()).Any(t => t.StepId == stepId && t.Kind == "Override");
        return isHardStop
            ? await _driver.OverrideAsync(stepId, actor, Answers("override")["reason"]!.GetValue<string>(), CancellationToken.None)
            : await _driver.SubmitAsync(stepId, actor, overrides, signer, CancellationToken.None);
    }

    public async Task SignConsentAsync()
    {
        await SubmitAsync("consent-discussion", TestEngine.Surgeon);
        await SubmitAsync("teach-back", TestEngine.Patient);
        await SubmitAsync("consent-signature", TestEngine.Patient, signer: "patient");
        await SubmitAsync("consent-signature", TestEngine.Witness, signer: "witness");
        await SubmitAsync("consent-signature", TestEngine.Surgeon, signer: "surgeon");
    }

    public async Task CompletePrerequisitesAsync()
    {
        await SubmitAsync("imaging-review", TestEngine.Nurse);
        await SubmitAsync("sedation-screening", TestEngine.Nurse);
        await SignConsentAsync();
    }

    /// <summary>Every prerequisite, then the day-of verification an hour before the start: the case is ready.</summary>
    public async Task MakeReadyAsync()
    {
        await CompletePrerequisitesAsync();
        Test.Clock.Now = ScheduledStart.AddMinutes(-60);
        await SubmitAsync("day-of-verification", TestEngine.Nurse);
    }

    public Task<Readiness> ReadinessAsync() => Test.Runtime.GetReadinessAsync(InstanceId, "en", CancellationToken.None);

    /// <summary>Moves the clock and lets the scheduler fire whatever fell due.</summary>
    public Task AdvanceToAsync(DateTimeOffset when) => _driver.MoveClockAsync(when, CancellationToken.None);
}
