using System.Text.Json.Nodes;
using ConsentFlow.Application.Timeline;
using ConsentFlow.Engine.Tests.Support;

namespace ConsentFlow.Engine.Tests.Timeline;

/// <summary>The case's history as the clinic reads it: plain sentences with who, from the journal of a real engine on SQLite.</summary>
public sealed class CaseTimelineTests
{
    private static readonly DateTimeOffset ProcedureStart = new(2026, 5, 12, 13, 30, 0, TimeSpan.Zero);

    private static readonly IReadOnlyDictionary<string, string> People = new Dictionary<string, string>
    {
        ["nurse-1"] = "Jordan Lee, RN", ["nurse-2"] = "Casey Morgan, RN", ["surgeon-1"] = "Dr. Maya Okafor, MD", ["anesthesiologist-1"] = "Dr. Omar Haddad, MD",
    };

    private const string Reason = "Reviewed with the patient and the images; safe to proceed as planned.";

    private static Task<CaseHistory> HistoryAsync(TestEngine test, Guid instanceId, string language = "en") =>
        new CaseTimeline(test.Engine.Contexts, test.Engine.Catalog).ReadAsync(instanceId, language, People, CancellationToken.None);

    private static OverrideProgress Overrides(TestEngine test) => new(test.Engine.Contexts, test.Engine.Catalog);

    [Fact]
    public async Task An_override_says_who_overrode_with_what_reason_and_which_role_must_still_act()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.SubmitAsync("sedation-screening", TestEngine.Nurse, new JsonObject { ["asaClass"] = "IV" });
        await patient.SubmitAsync("sedation-hard-stops", TestEngine.Surgeon);

        var history = await HistoryAsync(test, patient.InstanceId);
        var overridden = history.Entries.First(e => e.Kind == TimelineKind.Override);
        Assert.Equal(
            $"Dr. Maya Okafor, MD (surgeon) overrode the hard stop at “Sedation hard stops”. Reason: “{Reason}”. 1 of 2 roles have overridden: surgeon done, anesthesiologist needed.",
            overridden.Sentence);
        var raised = history.Entries.Last(e => e.Kind == TimelineKind.Override);
        Assert.StartsWith("Hard stop at “Sedation hard stops”: ", raised.Sentence);
        Assert.EndsWith("An override with a written reason is needed from surgeon and anesthesiologist.", raised.Sentence);

        var state = Assert.Single(await Overrides(test).ReadAsync(patient.InstanceId, "en", CancellationToken.None));
        Assert.Equal(["anesthesiologist"], state.Needed);
        Assert.Equal("1 of 2 roles have overridden: surgeon done, anesthesiologist needed.", state.Progress("en"));
        Assert.Equal("1 de 2 roles han anulado: surgeon hecho, falta anesthesiologist.", state.Progress("es"));
        Assert.Equal(Reason, Assert.Single(state.Given).Reason);
    }

    [Fact]
    public async Task The_second_override_lifts_the_stop_and_both_reasons_stay_readable()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.SubmitAsync("sedation-screening", TestEngine.Nurse, new JsonObject { ["asaClass"] = "IV" });
        await patient.SubmitAsync("sedation-hard-stops", TestEngine.Surgeon);
        await patient.SubmitAsync("sedation-hard-stops", TestEngine.Anesthesiologist);

        var newest = (await HistoryAsync(test, patient.InstanceId)).Entries.First(e => e.Kind == TimelineKind.Override);
        Assert.Equal($"Dr. Omar Haddad, MD (anesthesiologist) overrode the hard stop at “Sedation hard stops”. Reason: “{Reason}”. The hard stop is lifted.", newest.Sentence);
        var state = Assert.Single(await Overrides(test).ReadAsync(patient.InstanceId, "en", CancellationToken.None));
        Assert.True(state.Lifted);
        Assert.Null(state.Progress("en"));
        Assert.Equal(["surgeon", "anesthesiologist"], state.Given.Select(g => g.Role));
    }

    [Fact]
    public async Task The_anesthesia_decision_and_its_plan_read_as_one_sentence_with_every_answer_kept()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.SubmitAsync("sedation-screening", TestEngine.Nurse, new JsonObject { ["snoring"] = true, ["tired"] = true, ["observedApnea"] = true, ["highBloodPressure"] = true, ["osaDiagnosed"] = true });
        await patient.SubmitAsync("anesthesia-escalation", TestEngine.Anesthesiologist,
            new JsonObject { ["decision"] = "proceedWithPlan", ["plan"] = "Moderate sedation with capnography; CPAP in recovery." });

        var history = await HistoryAsync(test, patient.InstanceId);
        var decision = history.Entries.First(e => e.Kind == TimelineKind.Escalation);
        Assert.Equal("Dr. Omar Haddad, MD (anesthesiologist) completed “Anesthesiology review”: Proceed with a documented plan. Anesthesia plan: “Moderate sedation with capnography; CPAP in recovery.”.",
            decision.Sentence);
        Assert.Contains(new AnswerLine("Plan", "Moderate sedation with capnography; CPAP in recovery."), decision.Answers);
        var screening = history.Entries.Single(e => e.Kind == TimelineKind.Submission && e.Sentence.Contains("Sedation screening"));
        Assert.Equal("Jordan Lee, RN (nurse) submitted “Sedation screening”.", screening.Sentence);
        Assert.Contains(new AnswerLine("Someone observed breathing stop during sleep", "Yes"), screening.Answers);

        var spanish = (await HistoryAsync(test, patient.InstanceId, "es")).Entries.First(e => e.Kind == TimelineKind.Escalation);
        Assert.Equal("Dr. Omar Haddad, MD (anesthesiologist) completó «Revisión de anestesiología»: Continuar con un plan documentado. Plan de anestesia: «Moderate sedation with capnography; CPAP in recovery.».",
            spanish.Sentence);
    }

    [Fact]
    public async Task Every_signature_reads_with_its_capacity_and_meaning_in_the_readers_language()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.CompletePrerequisitesAsync();

        var signatures = (await HistoryAsync(test, patient.InstanceId)).Entries.Where(e => e.Kind == TimelineKind.Signature).Select(e => e.Sentence).ToList();
        Assert.Equal(
        [
            "Dr. Maya Okafor, MD (surgeon) signed as surgeon: “I explained the procedure, its risks, benefits and alternatives, and answered the patient's questions.”",
            "Casey Morgan, RN (witness) signed as witness: “I witnessed the signer sign this document.”",
            "The patient (or representative) signed as patient: “I have read this document, my questions were answered, and I consent to the procedure.”",
        ], signatures);
        var spanish = (await HistoryAsync(test, patient.InstanceId, "es")).Entries.Last(e => e.Kind == TimelineKind.Signature);
        Assert.Equal("El paciente (o su representante) firmó como patient: «He leído este documento, se respondieron mis preguntas y doy mi consentimiento para el procedimiento.»", spanish.Sentence);

        var consent = (await HistoryAsync(test, patient.InstanceId)).Entries.First(e => e.Kind == TimelineKind.Consent);
        Assert.StartsWith("Consent status: active (every signature given), valid until ", consent.Sentence);
    }

    [Fact]
    public async Task Each_document_version_is_an_entry_that_names_the_version_it_replaces()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        var first = await test.Engine.Documents.NextSlotAsync(patient.InstanceId, "consent", CancellationToken.None);
        await test.Engine.Documents.StoreAsync(first, Guid.NewGuid(), null, "en", [1, 2, 3], new string('a', 64), TestEngine.Nurse, CancellationToken.None);
        var second = await test.Engine.Documents.NextSlotAsync(patient.InstanceId, "consent", CancellationToken.None);
        await test.Engine.Documents.StoreAsync(second, Guid.NewGuid(), null, "en", [4, 5, 6], new string('b', 64), TestEngine.Nurse, CancellationToken.None);

        var documents = (await HistoryAsync(test, patient.InstanceId)).Entries.Where(e => e.Kind == TimelineKind.Document).Select(e => e.Sentence).ToList();
        Assert.Equal(
        [
            "Signed consent document version 2 produced by Jordan Lee, RN (nurse) (SHA-256 bbbbbbbbbbbb…). It replaces version 1.",
            "Signed consent document version 1 produced by Jordan Lee, RN (nurse) (SHA-256 aaaaaaaaaaaa…).",
        ], documents);
    }

    [Fact]
    public async Task A_reader_without_a_clinical_role_sees_that_a_hold_was_overridden_but_not_the_answers_or_reasons()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.SubmitAsync("sedation-screening", TestEngine.Nurse, new JsonObject { ["asaClass"] = "IV" });
        await patient.SubmitAsync("sedation-hard-stops", TestEngine.Surgeon);

        var plain = (await HistoryAsync(test, patient.InstanceId)).WithoutClinicalDetail();

        Assert.All(plain.Entries, e => Assert.Empty(e.Answers));
        Assert.DoesNotContain(plain.Entries, e => e.Sentence.Contains(Reason) || e.Sentence.Contains("ASA"));
        Assert.Contains(plain.Entries, e => e.Sentence.StartsWith("Dr. Maya Okafor, MD (surgeon) overrode the clinical hold at “Sedation hard stops”. 1 of 2 roles"));
    }

    [Fact]
    public async Task The_history_is_newest_first_and_a_plan_change_says_from_what_to_what()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await test.Runtime.ChangeCaseAsync(patient.InstanceId, new ConsentFlow.Engine.Runtime.CaseChange(Level: "L5-S1"), TestEngine.Nurse, CancellationToken.None);

        var entries = (await HistoryAsync(test, patient.InstanceId)).Entries;
        Assert.Equal("Jordan Lee, RN (nurse) changed the plan: level L4-L5 → L5-S1.", entries[0].Sentence);
        Assert.Equal("Jordan Lee, RN (nurse) created the case.", entries[^1].Sentence);
        Assert.True(entries.Zip(entries.Skip(1)).All(p => p.First.Sequence > p.Second.Sequence));
    }
}
