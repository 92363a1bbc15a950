using System.Text.Json.Nodes;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Scenarios;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Application.Documents;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Web.Hosting;

/// <summary>
/// Synthetic patients at different stages so a fresh install shows a realistic board. Names and MRNs are invented
/// (DEMO- prefix); runs only when the database has no cases at all.
/// </summary>
public sealed class DemoSeeder(
    IDbContextFactory<ConsentFlowDbContext> contexts, WorkflowRuntime runtime, TaskSubmissions submissions, DemoStaff staff, TimeProvider clock, ILogger<DemoSeeder> logger)
{
    /// <summary>The demo accounts acting on the seeded cases; the witness is a second nurse, so no one signs twice.</summary>
    private sealed record DemoTeam(Actor Nurse, Actor Surgeon, Actor Witness);

    private static readonly TimeZoneInfo ClinicZone = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

    private static readonly Actor Patient = new("demo-tablet", "patient", new SignerAttestation("(demo patient)", "demo data"));

    private sealed record DemoPatient(string Mrn, string Family, string Given, DateOnly Birth, string Sex, int DaysAhead, string Level, string Stage);

    private static readonly DemoPatient[] Patients =
    [
        new("DEMO-0001", "Rivers", "Alex", new(1971, 3, 14), "F", 12, "L4-L5", "new"),
        new("DEMO-0002", "Nakamura", "Sam", new(1964, 9, 2), "M", 9, "L5-S1", "screened"),
        new("DEMO-0003", "Okoye", "Morgan", new(1980, 1, 23), "F", 7, "L4-L5", "imaging-mismatch"),
        new("DEMO-0004", "Delgado", "Jamie", new(1958, 6, 30), "M", 5, "L4-L5", "consented"),
        new("DEMO-0005", "Haddad", "Noor", new(1975, 11, 8), "F", 0, "L5-S1", "ready"),
    ];

    public async Task SeedIfEmptyAsync(string workflowsFolder, CancellationToken cancellationToken)
    {
        var accounts = await staff.EnsureAsync(cancellationToken);
        var team = new DemoTeam(
            new(accounts["nurse"].Id, "nurse"),
            new(accounts["surgeon"].Id, "surgeon", new SignerAttestation(accounts["surgeon"].PrintedName, "demo data")),
            new(accounts["nurse2"].Id, "witness", new SignerAttestation(accounts["nurse2"].PrintedName, "demo data")));
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            if (await db.Cases.AnyAsync(cancellationToken))
            {
                logger.LogInformation("Demo data skipped: the database already has cases.");
                return;
            }

        var answers = await AnswerBook.LoadAsync(Path.Combine(workflowsFolder, AnswerBook.TypicalAnswersFile), cancellationToken);
        foreach (var patient in Patients) await SeedAsync(patient, team, answers, cancellationToken);
        logger.LogInformation("Seeded {Count} synthetic demo cases.", Patients.Length);
    }

    private async Task SeedAsync(DemoPatient patient, DemoTeam team, AnswerBook answers, CancellationToken cancellationToken)
    {
        var (nurse, surgeon, witness) = team;
        // Same-day patients are booked a few hours ahead so the day-of answers (fasting times) are consistent with now.
        // Later days are counted on the clinic's calendar, as the board's default week is: counted in UTC, a case booked
        // 7 days ahead fell out of that week every evening once UTC had reached the next day.
        var now = clock.GetUtcNow().UtcDateTime;
        var clinicToday = TimeZoneInfo.ConvertTimeFromUtc(now, ClinicZone).Date;
        var start = new DateTimeOffset(patient.DaysAhead == 0
            ? now.Date.AddHours(now.Hour + 4)
            : TimeZoneInfo.ConvertTimeToUtc(clinicToday.AddDays(patient.DaysAhead).AddHours(8), ClinicZone), TimeSpan.Zero);
        var request = new StartCaseRequest("peld-consent", new PatientIdentity(patient.Mrn, patient.Family, patient.Given, patient.Birth, patient.Sex),
            "Percutaneous endoscopic lumbar discectomy", "62380", patient.Level, "left", "transforaminal", "Dr. M. Okafor", "moderate",
            start, ClinicZone.Id, "en");
        var started = await runtime.StartAsync(request, nurse, cancellationToken);

        async Task Submit(string stepId, Actor actor, string? signer = null, JsonObject? overrides = null)
        {
            var tasks = await runtime.ListTasksAsync(new TaskQuery(InstanceId: started.InstanceId), cancellationToken);
            var task = tasks.First(t => t.StepId == stepId && (signer is null || t.SignerRole == signer));
            var data = answers.For(stepId, signer, overrides, start, clock.GetUtcNow());
            // Through the same path as the app, so consented demo patients also have their signed document.
            await submissions.SubmitAsync(new TaskSubmission(task.Id, actor, data), cancellationToken);
        }

        if (patient.Stage == "new") return;
        // Imaging is read at the booked level except for the mismatch patient, whose MRI shows the level below.
        var imagingLevel = patient.Stage == "imaging-mismatch" ? "L5-S1" : patient.Level;
        await Submit("imaging-review", nurse, overrides: new JsonObject { ["level"] = imagingLevel });
        await Submit("sedation-screening", nurse);
        if (patient.Stage is not ("consented" or "ready")) return;
        await Submit("consent-discussion", surgeon);
        await Submit("teach-back", Patient, overrides: new JsonObject { ["level"] = patient.Level });
        await Submit("consent-signature", Patient, "patient");
        await Submit("consent-signature", witness, "witness");
        await Submit("consent-signature", surgeon, "surgeon");
        if (patient.Stage == "ready") await Submit("day-of-verification", nurse);
    }
}
