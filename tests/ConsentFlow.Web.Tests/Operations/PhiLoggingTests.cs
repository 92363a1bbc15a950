using System.Text;
using System.Text.Json.Nodes;
using ConsentFlow.Web.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ConsentFlow.Web.Tests.Operations;

/// <summary>
/// Issue 11, structured logs: a patient's name, MRN and birth date sent through every path of the API (case creation,
/// changes, submissions, signatures, reads, FHIR, documents, errors and bad input) never reach the log output, captured
/// at Trace level from every category.
/// </summary>
public sealed class PhiLoggingTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly LogCapture _logs = new();
    private RunningApp _app = null!;

    // Values nothing else in the app could produce, so any hit is a leak.
    private static readonly string Family = "Quillfeather" + Guid.NewGuid().ToString("N")[..6];
    private static readonly string Given = "Zephyrine" + Guid.NewGuid().ToString("N")[..6];
    private static readonly string Mrn = "PHI" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
    private const string BirthDate = "1943-02-17";

    private static readonly string[] Forbidden =
        [Family, Given, Mrn, BirthDate, "02/17/1943", "2/17/1943", "17/02/1943", "17.02.1943", "19430217", "February 17, 1943", "17 February 1943"];

    public async Task InitializeAsync()
    {
        _app = RunningApp.WithServices(services => services.AddLogging(logging =>
        {
            logging.AddProvider(_logs);
            logging.AddFilter<LogCapture>(category: null, LogLevel.Trace);
        }));
        await _app.InitializeAsync();
    }

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_patients_name_mrn_and_birth_date_never_reach_the_logs_on_any_path()
    {
        var scheduler = await _app.ClientAsync(CaseDriver.Scheduler);
        var nurse = await _app.ClientAsync(CaseDriver.Nurse);
        var requests = 0;

        // Case creation, with an idempotency key, then the same key with another body.
        var body = PatientCase();
        using (var created = await scheduler.PostAsync("/api/v1/cases", body.DeepClone(), ("Idempotency-Key", "phi-" + Mrn)))
        {
            requests++;
            var started = await ApiClient.ReadAsync(created, 201);
            body["instanceId"] = started["instanceId"]!.DeepClone();
            body["caseId"] = started["caseId"]!.DeepClone();
            body["patientId"] = started["patientId"]!.DeepClone();
        }
        var instanceId = body["instanceId"]!.GetValue<string>();
        var caseId = body["caseId"]!.GetValue<string>();
        var patientId = body["patientId"]!.GetValue<string>();
        var conflicting = PatientCase();
        conflicting["side"] = "right";
        requests += await StatusAsync(scheduler.PostAsync("/api/v1/cases", conflicting, ("Idempotency-Key", "phi-" + Mrn)), 409);

        // Bad input carrying the values: wrong types, control characters, oversized, unknown fields, malformed JSON, bad dates.
        foreach (var (path, value) in new (string, JsonNode)[]
                 {
                     ("patient.birthDate", 19430217), ("patient.birthDate", BirthDate + "T25:99"), ("patient.familyName", Family + "\u0001"),
                     ("patient.mrn", Mrn + new string('9', 100)), ("patient.givenName", new JsonArray(Given)), ("patient.sex", Given),
                     ("level", Mrn), ("side", Family), ("surgeon", Given + "\u0000"), ("scheduledStart", BirthDate), ("timeZoneId", Family),
                     ("language", Given), ("unknown" + Mrn, Family),
                 })
        {
            var bad = PatientCase();
            Set(bad, path, value);
            requests += await StatusAsync(scheduler.PostAsync("/api/v1/cases", bad), 400);
        }
        requests += await StatusAsync(scheduler.SendContentAsync(HttpMethod.Post, "/api/v1/cases",
            new StringContent($"{{\"patient\": {{\"mrn\": \"{Mrn}\", \"familyName\": {Family} }}", Encoding.UTF8, "application/json")), 400);

        // Reads of the case: board, detail, readiness, tasks, audit trail.
        foreach (var path in new[] { "/api/v1/cases", $"/api/v1/cases/{instanceId}", $"/api/v1/cases/{instanceId}/readiness", $"/api/v1/cases/{instanceId}/tasks",
                     $"/api/v1/cases/{instanceId}/audit-trail", "/api/v1/tasks?role=nurse" })
            requests += await StatusAsync(nurse.GetAsync(path), 200);

        // Changes of plan: a valid one, a stale one, bad values carrying PHI.
        requests += await StatusAsync(scheduler.PatchAsync($"/api/v1/cases/{instanceId}", new JsonObject { ["surgeon"] = "Dr. M. Okafor" }), 200);
        requests += await StatusAsync(scheduler.SendAsync(HttpMethod.Patch, $"/api/v1/cases/{instanceId}", new JsonObject { ["side"] = "right" }, ("If-Match", "\"1\"")), 412);
        requests += await StatusAsync(scheduler.PatchAsync($"/api/v1/cases/{instanceId}", new JsonObject { ["level"] = Mrn, ["surgeon"] = Family + "\u0007" }), 400);
        requests += await StatusAsync(scheduler.PatchAsync($"/api/v1/cases/{instanceId}", new JsonObject { ["scheduledStart"] = BirthDate }), 400);

        // Submissions: a checklist with PHI where it does not belong, then the whole consent with every signature.
        var driver = await DriverAsync(instanceId, caseId, patientId);
        var imaging = await driver.TaskAsync("imaging-review");
        requests += await StatusAsync(nurse.PostAsync($"/api/v1/tasks/{imaging["id"]}/submission", new JsonObject { ["unknown"] = Family, ["mrn"] = Mrn }), 400);
        requests += await StatusAsync(nurse.PostAsync($"/api/v1/tasks/{imaging["id"]}/submission", driver.Answers("imaging-review").Also("extra", Given)), 400);
        await driver.SubmitOkAsync("imaging-review", CaseDriver.Nurse);
        var signed = await driver.SignConsentAsync();
        requests += 7;
        var documentId = signed["document"]!["id"]!.GetValue<string>();

        // Documents and FHIR reads; searches with PHI where a patient id belongs find nothing (and log nothing).
        foreach (var path in new[] { $"/api/v1/cases/{instanceId}/documents", $"/api/v1/documents/{documentId}/pdf", $"/fhir/Consent?patient=Patient/{patientId}",
                     $"/fhir/QuestionnaireResponse?subject=Patient/{patientId}", $"/fhir/DocumentReference?patient=Patient/{patientId}", $"/fhir/DocumentReference/{documentId}" })
            requests += await StatusAsync(nurse.GetAsync(path), 200);
        foreach (var path in new[] { $"/fhir/Consent?patient={Mrn}", $"/fhir/DocumentReference?patient={Uri.EscapeDataString(Family + " " + Given)}",
                     $"/fhir/QuestionnaireResponse?subject={BirthDate}" })
            requests += await StatusAsync(nurse.GetAsync(path), 200); // not a patient id: an empty search set
        requests += await StatusAsync(nurse.PostAsync($"/api/v1/cases/{instanceId}/documents", null), 201);
        requests += await StatusAsync(nurse.PostBytesAsync("/api/v1/documents/verify", Encoding.UTF8.GetBytes($"%PDF-1.7 {Family} {Mrn} {BirthDate}"), "application/pdf"), 200);

        // A withdrawal whose staff note names the patient.
        requests += await StatusAsync(nurse.PostAsync($"/api/v1/cases/{instanceId}/withdraw", new JsonObject { ["reason"] = $"{Given} {Family} ({Mrn}, born {BirthDate}) asked to stop" }), 200);

        output.WriteLine($"{requests} requests carried the patient's name, MRN and birth date; {_logs.Count} log entries captured at Trace, searched for {Forbidden.Length} forms.");
        Assert.True(_logs.Count > 100, $"Only {_logs.Count} log entries were captured: is the capture at Trace level?");
        var text = _logs.Text;
        var leaks = Forbidden.Where(value => text.Contains(value, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(leaks.Count == 0, $"PHI in the logs ({string.Join(", ", leaks)}) after {requests} requests:\n" +
            string.Join('\n', text.Split('\n').Where(line => Forbidden.Any(v => line.Contains(v, StringComparison.OrdinalIgnoreCase))).Take(20)));
    }

    private JsonObject PatientCase()
    {
        var body = CaseDriver.NewCaseBody(Mrn, ScheduledStart);
        body["patient"]!["familyName"] = Family;
        body["patient"]!["givenName"] = Given;
        body["patient"]!["birthDate"] = BirthDate;
        return body;
    }

    private Task<CaseDriver> DriverAsync(string instanceId, string caseId, string patientId) =>
        Task.FromResult(CaseDriver.Attach(_app, Guid.Parse(instanceId), Guid.Parse(caseId), Guid.Parse(patientId), Mrn, ScheduledStart));

    private static readonly DateTimeOffset ScheduledStart = new(DateTime.UtcNow.Date.AddDays(10).AddHours(14), TimeSpan.Zero);

    private static void Set(JsonObject body, string path, JsonNode value)
    {
        var parts = path.Split('.');
        var target = parts.Length == 2 ? body[parts[0]]!.AsObject() : body;
        target[parts[^1]] = value;
    }

    private static async Task<int> StatusAsync(Task<HttpResponseMessage> request, int expected)
    {
        using var response = await request;
        Assert.True((int)response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode}, expected {expected}");
        return 1;
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject body, string name, string value)
    {
        body[name] = value;
        return body;
    }
}
