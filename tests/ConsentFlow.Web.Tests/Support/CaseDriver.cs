using System.Text.Json.Nodes;
using ConsentFlow.Engine.Scenarios;

namespace ConsentFlow.Web.Tests.Support;

/// <summary>One synthetic case driven through the REST API with the typical answers, the way a client app would.</summary>
public sealed class CaseDriver
{
    private static readonly Lazy<AnswerBook> Typical = new(() =>
        AnswerBook.LoadAsync(Path.Combine(RepositoryPaths.Workflows, AnswerBook.TypicalAnswersFile), CancellationToken.None).GetAwaiter().GetResult());

    public static readonly (string Id, string Role) Nurse = ("nurse-7", "nurse");
    public static readonly (string Id, string Role) Surgeon = ("surgeon-3", "surgeon");
    public static readonly (string Id, string Role) Patient = ("tablet-2", "patient");
    public static readonly (string Id, string Role) Witness = ("nurse-8", "witness");
    public static readonly (string Id, string Role) Scheduler = ("scheduler-1", "scheduler");

    private readonly RunningApp _app;

    private CaseDriver(RunningApp app, Guid instanceId, Guid caseId, string mrn, DateTimeOffset scheduledStart)
    {
        _app = app;
        InstanceId = instanceId;
        CaseId = caseId;
        Mrn = mrn;
        ScheduledStart = scheduledStart;
    }

    public Guid InstanceId { get; }
    public Guid CaseId { get; }
    public string Mrn { get; }
    public DateTimeOffset ScheduledStart { get; }

    public static JsonObject NewCaseBody(string mrn, DateTimeOffset scheduledStart) => new()
    {
        ["patient"] = new JsonObject { ["mrn"] = mrn, ["familyName"] = "Testcase", ["givenName"] = "Riley", ["birthDate"] = "1972-08-19", ["sex"] = "F" },
        ["level"] = "L4-L5",
        ["side"] = "left",
        ["surgeon"] = "Dr. M. Okafor",
        ["scheduledStart"] = scheduledStart.ToString("O"),
        ["timeZoneId"] = "America/Chicago",
    };

    public static async Task<CaseDriver> StartAsync(RunningApp app)
    {
        var mrn = "TEST-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var start = DateTimeOffset.UtcNow.Date.AddDays(10).AddHours(14);
        var scheduledStart = new DateTimeOffset(start, TimeSpan.Zero);
        using var response = await app.Client(Scheduler.Id, Scheduler.Role).PostAsync("/api/cases", NewCaseBody(mrn, scheduledStart));
        var started = await ApiClient.ReadAsync(response, 201);
        return new CaseDriver(app, Guid.Parse(started["instanceId"]!.GetValue<string>()), Guid.Parse(started["caseId"]!.GetValue<string>()), mrn, scheduledStart);
    }

    public ApiClient As((string Id, string Role) actor) => _app.Client(actor.Id, actor.Role);

    public async Task<JsonArray> OpenTasksAsync() => (JsonArray)await As(Nurse).GetJsonAsync($"/api/cases/{InstanceId}/tasks");

    public async Task<JsonNode> TaskAsync(string stepId, string? signer = null) =>
        (await OpenTasksAsync()).FirstOrDefault(t => t!["stepId"]!.GetValue<string>() == stepId
            && (signer is null || t["signerRole"]?.GetValue<string>() == signer))
        ?? throw new Xunit.Sdk.XunitException($"No open task {stepId}/{signer}.");

    public JsonObject Answers(string stepId, string? signer = null, JsonObject? overrides = null) =>
        Typical.Value.For(stepId, signer, overrides, ScheduledStart, DateTimeOffset.UtcNow);

    public async Task<HttpResponseMessage> SubmitAsync(string stepId, (string Id, string Role) actor, JsonObject? overrides = null, string? signer = null,
        string? idempotencyKey = null)
    {
        var task = await TaskAsync(stepId, signer);
        var headers = idempotencyKey is null ? [] : new[] { ("Idempotency-Key", idempotencyKey) };
        return await As(actor).PostAsync($"/api/tasks/{task["id"]}/submission", Answers(stepId, signer, overrides), headers);
    }

    public async Task SubmitOkAsync(string stepId, (string Id, string Role) actor, string? signer = null)
    {
        using var response = await SubmitAsync(stepId, actor, signer: signer);
        await ApiClient.ReadAsync(response, 200);
    }

    /// <summary>Discussion, teach-back and every signature; returns the response to the last signature.</summary>
    public async Task<JsonNode> SignConsentAsync()
    {
        await SubmitOkAsync("consent-discussion", Surgeon);
        await SubmitOkAsync("teach-back", Nurse);
        await SubmitOkAsync("consent-signature", Patient, "patient");
        await SubmitOkAsync("consent-signature", Witness, "witness");
        using var last = await SubmitAsync("consent-signature", Surgeon, signer: "surgeon");
        return await ApiClient.ReadAsync(last, 200);
    }
}
