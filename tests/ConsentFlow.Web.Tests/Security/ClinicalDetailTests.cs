using System.Security.Claims;
using System.Text.Json.Nodes;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Identity.Accounts;
using ConsentFlow.Web.Security;
using ConsentFlow.Web.Tests.Support;
using static ConsentFlow.Web.Tests.Support.CaseDriver;

namespace ConsentFlow.Web.Tests.Security;

/// <summary>access.md: the scheduler sees plan fields and readiness, never screening answers.</summary>
[Collection(AppCollection.Name)]
public sealed class ClinicalDetailTests(RunningApp app)
{
    /// <summary>Screening answers that open the anesthesiology review, and what its reason says of them.</summary>
    private static readonly JsonObject HighRiskAirway = new() { ["asaClass"] = "III", ["mallampati"] = "III", ["bmi"] = 41 };
    private static readonly string[] ScreeningWords = ["STOP-BANG", "ASA III", "Mallampati", "BMI 41", "IMC 41"];
    private const string Chicago = "America/Chicago";

    [Fact]
    public async Task The_scheduler_sees_that_a_case_is_on_clinical_hold_but_not_the_screening_answer_behind_it()
    {
        var patientCase = await StartAsync(app);
        using (var screening = await patientCase.SubmitAsync("sedation-screening", Nurse, new JsonObject { ["asaClass"] = "IV" }))
            await ApiClient.ReadAsync(screening, 200);

        var nurseView = await (await app.ClientAsync(Nurse)).GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}/readiness");
        Assert.Contains(nurseView["blockers"]!.AsArray(), b => b!["message"]!.GetValue<string>().Contains("ASA class IV"));

        var scheduler = await app.ClientAsync(Scheduler);
        foreach (var body in await SchedulerViewsAsync(scheduler, patientCase))
            Assert.DoesNotContain("ASA class IV", body);
        var readiness = await scheduler.GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}/readiness");
        Assert.Contains(readiness["blockers"]!.AsArray(), b => b!["message"]!.GetValue<string>() == ClinicalDetail.HoldMessage);
    }

    [Fact]
    public async Task The_scheduler_sees_that_the_anesthesiology_review_is_waiting_but_not_the_screening_answers_that_opened_it()
    {
        var patientCase = await StartAsync(app);
        using (var screening = await patientCase.SubmitAsync("sedation-screening", Nurse, HighRiskAirway.DeepClone().AsObject()))
            await ApiClient.ReadAsync(screening, 200);

        // Clinical staff still read why the review is open.
        foreach (var clinician in new[] { Nurse, Anesthesiologist })
        {
            var view = await (await app.ClientAsync(clinician)).GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}/readiness");
            Assert.Contains(view["blockers"]!.AsArray(), b => b!["stepId"]!.GetValue<string>() == "anesthesia-escalation"
                && b["message"]!.GetValue<string>().Contains("STOP-BANG") && b["message"]!.GetValue<string>().Contains("ASA III, Mallampati III, BMI 41"));
        }

        var scheduler = await app.ClientAsync(Scheduler);
        foreach (var body in await SchedulerViewsAsync(scheduler, patientCase))
            foreach (var word in ScreeningWords)
                Assert.DoesNotContain(word, body);

        // The waiting line still says which step waits for whom, in the reader's language.
        var readiness = await scheduler.GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}/readiness");
        var review = readiness["blockers"]!.AsArray().Single(b => b!["stepId"]!.GetValue<string>() == "anesthesia-escalation")!["message"]!.GetValue<string>();
        Assert.StartsWith("Anesthesiology review: waiting for anesthesiologist", review);
        // Its due time reads as the clinical line words it, taken from the engine's due time rather than from that line.
        var clinicalReview = (await (await app.ClientAsync(Nurse)).GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}/readiness"))["blockers"]!.AsArray()
            .Single(b => b!["stepId"]!.GetValue<string>() == "anesthesia-escalation")!;
        Assert.NotNull(clinicalReview["dueAtUtc"]);
        var dueClause = clinicalReview["message"]!.GetValue<string>()[clinicalReview["message"]!.GetValue<string>().LastIndexOf(", due ", StringComparison.Ordinal)..];
        Assert.Equal("Anesthesiology review: waiting for anesthesiologist" + dueClause, review);
        var spanish = await scheduler.GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}/readiness?lang=es");
        var revision = spanish["blockers"]!.AsArray().Single(b => b!["stepId"]!.GetValue<string>() == "anesthesia-escalation")!["message"]!.GetValue<string>();
        Assert.StartsWith("Revisión de anestesiología: pendiente de anesthesiologist", revision);
        Assert.DoesNotContain("STOP-BANG", revision);
    }

    [Fact]
    public void A_timed_wait_such_as_fasting_reads_to_the_scheduler_without_the_day_of_times()
    {
        var readiness = new Readiness(Guid.NewGuid(), ReadinessState.Waiting, "Running",
        [
            new Blocker(BlockerSeverity.Waiting, "fasting-delay",
                "Delay: clear liquids 45 minutes before the scheduled start; fasting allows sedation from 2026-05-01 10:15 (clear liquids 2 h, light meal 6 h, fatty food 8 h)."),
        ],
        [new ProcedurePhase("time-out", "WHO Time Out: waiting for nurse. Last answered no: 'Allergies reviewed'; the team completes the checklist again before the next phase.")]);
        var scheduler = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, StaffRoles.Scheduler)], "test"));
        var nurse = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, StaffRoles.Nurse)], "test"));

        var plain = readiness.For(scheduler, "en", Chicago);
        Assert.Equal(ClinicalDetail.WaitingMessage, plain.Blockers.Single().Message);
        Assert.Equal(ClinicalDetail.WaitingMessage, plain.Phases!.Single().Message);
        Assert.Equal(ClinicalDetail.WaitingMessageEs, readiness.For(scheduler, "es", Chicago).Blockers.Single().Message);
        Assert.Same(readiness, readiness.For(nurse, "en", Chicago));
    }

    [Fact]
    public void The_scheduler_learns_when_a_waiting_step_is_due_from_the_engines_due_time_not_from_its_clinical_sentence()
    {
        // Sentences with no due clause at all: whatever time the scheduler reads can only come from DueAtUtc.
        var dueUtc = new DateTime(2026, 5, 1, 13, 0, 0, DateTimeKind.Utc); // 08:00 in Chicago
        var review = new TaskView(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "anesthesia-escalation", "Escalation", ["anesthesiologist"], null, null,
            "Anesthesiology review", "STOP-BANG 6, ASA III", dueUtc.AddDays(-2), dueUtc, 1);
        var timeOut = new TaskView(Guid.NewGuid(), review.InstanceId, review.CaseId, "time-out", "Form", ["nurse"], "time-out", null,
            "WHO Time Out", null, dueUtc.AddDays(-2), dueUtc, 1);
        var readiness = new Readiness(review.InstanceId, ReadinessState.Waiting, "Running",
            [new Blocker(BlockerSeverity.Waiting, "anesthesia-escalation", "Anesthesiology review: waiting for anesthesiologist (STOP-BANG 6, ASA III)", dueUtc)],
            [new ProcedurePhase("time-out", "WHO Time Out: waiting for nurse. Last answered no: 'Allergies reviewed'.", dueUtc, Overdue: true)]);
        var scheduler = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, StaffRoles.Scheduler)], "test"));

        var english = readiness.For(scheduler, "en", Chicago, [review, timeOut]);
        Assert.Equal("Anesthesiology review: waiting for anesthesiologist, due 2026-05-01 08:00", english.Blockers.Single().Message);
        Assert.Equal("WHO Time Out: waiting for nurse, overdue since 2026-05-01 08:00", english.Phases!.Single().Message);

        var spanish = readiness.For(scheduler, "es", Chicago, [review with { Title = "Revisión de anestesiología" }, timeOut with { Title = "Pausa OMS" }]);
        Assert.Equal("Revisión de anestesiología: pendiente de anesthesiologist, vence 2026-05-01 08:00", spanish.Blockers.Single().Message);
        Assert.Equal("Pausa OMS: pendiente de nurse, vencida desde 2026-05-01 08:00", spanish.Phases!.Single().Message);

        // A board row stored before the engine gave the due time: the line simply has no due clause.
        var stored = readiness with { Blockers = [readiness.Blockers[0] with { DueAtUtc = null, Message = "Anesthesiology review: waiting for anesthesiologist (STOP-BANG 6, ASA III), due 2026-05-01 08:00" }] };
        Assert.Equal("Anesthesiology review: waiting for anesthesiologist", stored.For(scheduler, "en", Chicago, [review]).Blockers.Single().Message);
    }

    /// <summary>Everything a scheduler reads of one case: readiness, case page, tasks, the board and its search.</summary>
    private static async Task<List<string>> SchedulerViewsAsync(ApiClient scheduler, CaseDriver patientCase)
    {
        var day = patientCase.ScheduledStart.UtcDateTime.Date;
        var (from, to) = (day.AddDays(-1).ToString("yyyy-MM-dd"), day.AddDays(1).ToString("yyyy-MM-dd"));
        var bodies = new List<string>();
        foreach (var lang in new[] { "en", "es" })
        {
            foreach (var path in new[] { $"/api/v1/cases/{patientCase.InstanceId}/readiness", $"/api/v1/cases/{patientCase.InstanceId}", $"/api/v1/cases/{patientCase.InstanceId}/tasks",
                         $"/api/v1/tasks?caseId={patientCase.CaseId}", $"/api/v1/cases?from={from}&to={to}" })
                bodies.Add((await scheduler.GetJsonAsync(path + (path.Contains('?') ? "&" : "?") + "lang=" + lang)).ToJsonString());
            using var search = await scheduler.PostAsync("/api/v1/cases/search", new JsonObject { ["from"] = from, ["to"] = to, ["search"] = patientCase.Mrn, ["lang"] = lang });
            var found = await ApiClient.ReadAsync(search, 200);
            Assert.Contains(found["items"]!.AsArray(), i => i!["case"]!["instanceId"]!.GetValue<string>() == patientCase.InstanceId.ToString());
            bodies.Add(found.ToJsonString());
        }
        Assert.Contains(bodies, b => b.Contains(patientCase.InstanceId.ToString()) && b.Contains("\"items\""));
        return bodies;
    }
}
