using System.Text.Json.Nodes;
using ConsentFlow.Engine.Scenarios;
using ConsentFlow.Web.Hosting;

namespace ConsentFlow.Web.Tests.Support;

/// <summary>
/// One synthetic case driven through the app the way the clinic would: staff sign in with their own accounts, staff
/// signatures re-enter the password, and the patient signs on a tablet session a nurse starts for this case.
/// </summary>
public sealed class CaseDriver
{
    private static readonly Lazy<AnswerBook> Typical = new(() =>
        AnswerBook.LoadAsync(Path.Combine(RepositoryPaths.Workflows, AnswerBook.TypicalAnswersFile), CancellationToken.None).GetAwaiter().GetResult());

    // Demo accounts (DemoStaff): one person each; the witness is a second nurse.
    public const string Nurse = "nurse";
    public const string Witness = "nurse2";
    public const string Surgeon = "surgeon";
    public const string Anesthesiologist = "anesthesiologist";
    public const string Scheduler = "scheduler";
    public const string Administrator = "admin";

    /// <summary>Not an account: the patient, on a tablet session started by <see cref="Nurse"/>.</summary>
    public const string Patient = "(patient on the tablet)";

    private readonly ITestApp _app;
    private ApiClient? _tablet;

    private CaseDriver(ITestApp app, Guid instanceId, Guid caseId, Guid patientId, string mrn, DateTimeOffset scheduledStart)
    {
        _app = app;
        InstanceId = instanceId;
        CaseId = caseId;
        PatientId = patientId;
        Mrn = mrn;
        ScheduledStart = scheduledStart;
    }

    public Guid InstanceId { get; }
    public Guid CaseId { get; }
    /// <summary>The person (FHIR Patient id); a patient may have several cases.</summary>
    public Guid PatientId { get; }
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

    /// <param name="language">The patient's preferred language (null: the app's default, English).</param>
    public static async Task<CaseDriver> StartAsync(ITestApp app, string? language = null)
    {
        var mrn = "TEST-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var start = DateTimeOffset.UtcNow.Date.AddDays(10).AddHours(14);
        var scheduledStart = new DateTimeOffset(start, TimeSpan.Zero);
        var body = NewCaseBody(mrn, scheduledStart);
        if (language is not null) body["language"] = language;
        using var response = await (await app.ClientAsync(Scheduler)).PostAsync("/api/v1/cases", body);
        var started = await ApiClient.ReadAsync(response, 201);
        return new CaseDriver(app, Guid.Parse(started["instanceId"]!.GetValue<string>()), Guid.Parse(started["caseId"]!.GetValue<string>()), Guid.Parse(started["patientId"]!.GetValue<string>()), mrn, scheduledStart);
    }

    /// <summary>A driver for a case a test started itself (with its own patient data).</summary>
    public static CaseDriver Attach(ITestApp app, Guid instanceId, Guid caseId, Guid patientId, string mrn, DateTimeOffset scheduledStart) =>
        new(app, instanceId, caseId, patientId, mrn, scheduledStart);

    public Task<ApiClient> As(string userName) => userName == Patient ? TabletAsync() : _app.ClientAsync(userName);

    /// <summary>The nurse checks identity and hands over a tablet locked to this case (the real hand-over form).</summary>
    public async Task<ApiClient> TabletAsync()
    {
        if (_tablet is not null) return _tablet;
        var (tablet, started) = await HandOverAsync(new() { ["premedicationCharted"] = "no" });
        using (started)
            Assert.True(started.Headers.Location?.OriginalString == "/kiosk",
                $"Tablet hand-over answered {(int)started.StatusCode} {started.Headers.Location}: {await started.Content.ReadAsStringAsync()}");
        return _tablet = tablet;
    }

    /// <summary>The hand-over form as a nurse posts it, with <paramref name="fields"/> added; returns the tablet's client and the answer.</summary>
    public async Task<(ApiClient Tablet, HttpResponseMessage Answer)> HandOverAsync(Dictionary<string, string> fields)
    {
        var nurse = await ApiClient.SignInAsync(_app.BaseAddress, Nurse, DemoStaff.Password);
        var form = new Dictionary<string, string>(fields)
        {
            ["instanceId"] = InstanceId.ToString(), ["identifiersChecked"] = "true", ["photoIdChecked"] = "true", ["exitPin"] = KioskPin,
        };
        return (nurse, await nurse.PostFormAsync($"/cases/{InstanceId}/signing-session", "/kiosk/start", form));
    }

    public const string KioskPin = "4321";

    public async Task<JsonArray> OpenTasksAsync() => (JsonArray)await (await As(Nurse)).GetJsonAsync($"/api/v1/cases/{InstanceId}/tasks");

    public async Task<JsonNode> TaskAsync(string stepId, string? signer = null) =>
        (await OpenTasksAsync()).FirstOrDefault(t => t!["stepId"]!.GetValue<string>() == stepId
            && (signer is null || t["signerRole"]?.GetValue<string>() == signer))
        ?? throw new Xunit.Sdk.XunitException($"No open task {stepId}/{signer}.");

    public JsonObject Answers(string stepId, string? signer = null, JsonObject? overrides = null) =>
        Typical.Value.For(stepId, signer, overrides, ScheduledStart, DateTimeOffset.UtcNow);

    /// <summary>
    /// Submits the open task as <paramref name="userName"/>: checklists to /submission, the patient's signature on the
    /// tablet, and staff signatures, overrides and decisions to /signature with the password entered again.
    /// </summary>
    public async Task<HttpResponseMessage> SubmitAsync(string stepId, string userName, JsonObject? overrides = null, string? signer = null,
        string? idempotencyKey = null, string? password = DemoStaff.Password)
    {
        var task = await TaskAsync(stepId, signer);
        var headers = idempotencyKey is null ? [] : new[] { ("Idempotency-Key", idempotencyKey) };
        var answers = Answers(stepId, signer, overrides);
        var client = await As(userName);
        if (userName == Patient) return await client.PostAsync("/kiosk/current-task/signature", answers, headers);
        if (!await NeedsReauthenticationAsync(task)) return await client.PostAsync($"/api/v1/tasks/{task["id"]}/submission", answers, headers);
        return await client.PostAsync($"/api/v1/tasks/{task["id"]}/signature", new JsonObject { ["answers"] = answers, ["password"] = password }, headers);
    }

    /// <summary>What the app says of the task (signatures, overrides, decisions and personal acts such as the consent discussion).</summary>
    private async Task<bool> NeedsReauthenticationAsync(JsonNode task) =>
        (await (await As(Nurse)).GetJsonAsync($"/api/v1/tasks/{task["id"]}"))["needsReauthentication"]!.GetValue<bool>();

    public async Task SubmitOkAsync(string stepId, string userName, string? signer = null)
    {
        using var response = await SubmitAsync(stepId, userName, signer: signer);
        await ApiClient.ReadAsync(response, 200);
    }

    /// <summary>Discussion, teach-back and the patient's own signature: the witness and surgeon have not signed yet.</summary>
    public async Task PatientSignsAsync()
    {
        await SubmitOkAsync("consent-discussion", Surgeon);
        await SubmitOkAsync("teach-back", Patient);
        await SubmitOkAsync("consent-signature", Patient, "patient");
    }

    /// <summary>Discussion, teach-back and every signature; returns the response to the last signature.</summary>
    public async Task<JsonNode> SignConsentAsync()
    {
        await PatientSignsAsync();
        await SubmitOkAsync("consent-signature", Witness, "witness");
        using var last = await SubmitAsync("consent-signature", Surgeon, signer: "surgeon");
        return await ApiClient.ReadAsync(last, 200);
    }
}
