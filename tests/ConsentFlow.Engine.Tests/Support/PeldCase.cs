using System.Text.Json.Nodes;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Scenarios;

namespace ConsentFlow.Engine.Tests.Support;

/// <summary>One synthetic patient on the default workflow, driven task by task with the typical answers.</summary>
public sealed class PeldCase
{
    private static readonly Lazy<AnswerBook> Typical = new(() =>
        AnswerBook.LoadAsync(Path.Combine(RepositoryPaths.Workflows, AnswerBook.TypicalAnswersFile), CancellationToken.None).GetAwaiter().GetResult());

    private PeldCase(TestEngine test, Guid instanceId, DateTimeOffset scheduledStart)
    {
        Test = test;
        InstanceId = instanceId;
        ScheduledStart = scheduledStart;
    }

    public TestEngine Test { get; }
    public Guid InstanceId { get; }
    public DateTimeOffset ScheduledStart { get; }

    public static StartCaseRequest Request(DateTimeOffset scheduledStart, string level = "L4-L5", string side = "left", string sex = "M") => new(
        "peld-consent", new PatientIdentity("MRN-100200", "Avery", "Jordan", new DateOnly(1968, 4, 2), sex),
        "Percutaneous endoscopic lumbar discectomy", "62380", level, side, "transforaminal", "Dr. M. Okafor", "moderate",
        scheduledStart, "America/Chicago", "en");

    public static async Task<PeldCase> StartAsync(TestEngine test, DateTimeOffset scheduledStart, string level = "L4-L5")
    {
        var started = await test.Runtime.StartAsync(Request(scheduledStart, level), TestEngine.Nurse, CancellationToken.None);
        return new PeldCase(test, started.InstanceId, scheduledStart);
    }

    public Task<IReadOnlyList<TaskView>> OpenTasksAsync() =>
        Test.Runtime.ListTasksAsync(new TaskQuery(InstanceId: InstanceId), CancellationToken.None);

    public async Task<TaskView?> FindTaskAsync(string stepId, string? signer = null) =>
        (await OpenTasksAsync()).FirstOrDefault(t => t.StepId == stepId && (signer is null || t.SignerRole == signer));

    public async Task<TaskView> TaskAsync(string stepId, string? signer = null) =>
        await FindTaskAsync(stepId, signer)
        ?? throw new Xunit.Sdk.XunitException($"No open task '{stepId}' {signer}; open: {string.Join(", ", (await OpenTasksAsync()).Select(t => t.StepId + "/" + t.SignerRole))}");

    public JsonObject Answers(string stepId, string? signer = null, JsonObject? overrides = null) =>
        Typical.Value.For(stepId, signer, overrides, ScheduledStart, Test.Clock.GetUtcNow());

    public async Task<SubmitResult> SubmitAsync(string stepId, Actor actor, JsonObject? overrides = null, string? signer = null, string? idempotencyKey = null)
    {
        var open = (await OpenTasksAsync()).Where(t => t.StepId == stepId && (signer is null || t.SignerRole == signer)).ToList();
        var task = open.FirstOrDefault(t => t.Roles.Contains(actor.Role)) ?? await TaskAsync(stepId, signer);
        var data = task.Kind == "Override" ? Answers("override", null, overrides) : Answers(stepId, signer, overrides);
        return await Test.Runtime.SubmitAsync(new TaskSubmission(task.Id, actor, data, idempotencyKey), CancellationToken.None);
    }

    public async Task SignConsentAsync()
    {
        await SubmitAsync("consent-discussion", TestEngine.Surgeon);
        await SubmitAsync("teach-back", TestEngine.Nurse);
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

    public Task<Readiness> ReadinessAsync() => Test.Runtime.GetReadinessAsync(InstanceId, "en", CancellationToken.None);

    /// <summary>Moves the clock and lets the scheduler fire whatever fell due.</summary>
    public async Task AdvanceToAsync(DateTimeOffset when)
    {
        Test.Clock.Now = when;
        await Test.Engine.Timers.RunDueAsync(CancellationToken.None);
    }
}
