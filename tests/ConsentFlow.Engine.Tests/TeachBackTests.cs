using System.Text.Json.Nodes;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Tests;

/// <summary>Teach-back as the patient answers it on the tablet: questions from the definition, one miss allowed, two send the patient back to the surgeon.</summary>
public sealed class TeachBackTests
{
    private static readonly DateTimeOffset ProcedureStart = new(2026, 5, 12, 8, 0, 0, TimeSpan.FromHours(-5));

    [Fact]
    public async Task One_wrong_answer_still_opens_the_patients_signature()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await ReadyForTeachBackAsync(test);

        await patient.SubmitAsync("teach-back", TestEngine.Patient, new JsonObject { ["risk"] = "noRisk" });

        var open = (await patient.OpenTasksAsync()).Select(CaseDriverLabel).ToList();
        Assert.Contains("consent-signature/patient", open);
        Assert.DoesNotContain("clinician-discussion", open);
        var answers = await TeachBackAnswersAsync(test, patient);
        Assert.Equal(1, answers["wrongAnswers"]!.GetValue<decimal>());
        Assert.True(answers["passed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Two_wrong_answers_block_signing_and_put_the_discussion_in_the_surgeons_inbox()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await ReadyForTeachBackAsync(test);

        await patient.SubmitAsync("teach-back", TestEngine.Patient, new JsonObject { ["risk"] = "noRisk", ["level"] = "L5-S1" });

        var surgeonInbox = await test.Runtime.ListTasksAsync(new TaskQuery(Role: "surgeon", InstanceId: patient.InstanceId), CancellationToken.None);
        Assert.Equal(["clinician-discussion"], surgeonInbox.Select(t => t.StepId));
        Assert.Null(await patient.FindTaskAsync("consent-signature", "patient"));
        var answers = await TeachBackAnswersAsync(test, patient);
        Assert.Equal(2, answers["wrongAnswers"]!.GetValue<decimal>());
        Assert.False(answers["passed"]!.GetValue<bool>());
        // What the nurse reads: the patient's own answers, kept with the task.
        Assert.Equal("L5-S1", answers["level"]!.GetValue<string>());
        Assert.Equal("noRisk", answers["risk"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_right_level_is_the_cases_own_level()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart, level: "L5-S1");
        await patient.SubmitAsync("consent-discussion", TestEngine.Surgeon);
        // Typical answers name L4-L5: wrong for this case, and one more miss makes two.
        await patient.SubmitAsync("teach-back", TestEngine.Patient, new JsonObject { ["alternative"] = "nothingElse" });
        Assert.NotNull(await patient.FindTaskAsync("clinician-discussion"));

        var definition = TeachBackForm();
        var level = definition.FindField("level")!;
        Assert.Equal("L5-S1", TeachBack.RightAnswer(level, new Dictionary<string, object?> { ["level"] = "L5-S1" }));
        Assert.Equal("untilTheStart", TeachBack.RightAnswer(definition.FindField("rightToWithdraw")!, new Dictionary<string, object?>()));
        Assert.Equal(4, TeachBack.Questions(definition).Count);
    }

    [Fact]
    public async Task A_patient_with_questions_answers_nothing_and_the_surgeon_talks_with_them_first()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await ReadyForTeachBackAsync(test);
        var task = await patient.TaskAsync("teach-back");

        await test.Runtime.SubmitAsync(new TaskSubmission(task.Id, TestEngine.Patient, new JsonObject { ["patientHasQuestions"] = true }), CancellationToken.None);

        Assert.Equal(["clinician-discussion"], (await patient.OpenTasksAsync()).Where(t => t.StepId is "clinician-discussion" or "consent-signature").Select(t => t.StepId));
    }

    [Fact]
    public async Task A_patient_who_declines_on_the_tablet_leaves_a_rejected_consent_and_the_case_ends()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await ReadyForTeachBackAsync(test);
        await patient.SubmitAsync("teach-back", TestEngine.Patient);

        await test.Runtime.DeclineConsentAsync(patient.InstanceId, TestEngine.Patient, CancellationToken.None);

        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        var consent = await db.Consents.SingleAsync();
        Assert.Equal(ConsentStatus.Rejected, consent.Status);
        Assert.Equal(InstanceStatus.Withdrawn, (await db.Instances.SingleAsync()).Status);
        Assert.Empty(await patient.OpenTasksAsync());
    }

    [Fact]
    public async Task Declining_before_the_signature_opened_still_records_a_rejected_consent()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await ReadyForTeachBackAsync(test);

        await test.Runtime.DeclineConsentAsync(patient.InstanceId, TestEngine.Patient, CancellationToken.None);

        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        Assert.Equal(ConsentStatus.Rejected, (await db.Consents.SingleAsync()).Status);
    }

    [Fact]
    public void A_question_whose_answer_is_not_one_of_its_choices_is_refused()
    {
        var json = File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, "peld-consent.workflow.json"))
            .Replace("\"answer\": \"'legTingling'\"", "\"answer\": \"'headache'\"");
        var (_, problems) = DefinitionLoader.Check(json, "peld-consent.workflow.json");
        Assert.Contains(problems, p => p.Message.Contains("'headache' is not one of the question's choices"));
    }

    [Fact]
    public void A_questions_answer_may_not_read_the_patients_own_answers()
    {
        var json = File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, "peld-consent.workflow.json"))
            .Replace("\"answer\": \"[case.level]\"", "\"answer\": \"[imaging.level]\"");
        var (_, problems) = DefinitionLoader.Check(json, "peld-consent.workflow.json");
        Assert.Contains(problems, p => p.Message.Contains("may read only case facts"));
    }

    private static async Task<PeldCase> ReadyForTeachBackAsync(TestEngine test)
    {
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.SubmitAsync("consent-discussion", TestEngine.Surgeon);
        return patient;
    }

    private static string CaseDriverLabel(TaskView task) => task.SignerRole is null ? task.StepId : $"{task.StepId}/{task.SignerRole}";

    private static FormDefinition TeachBackForm()
    {
        var json = File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, "peld-consent.workflow.json"));
        return DefinitionLoader.Check(json, "peld-consent.workflow.json").Definition!.FindForm("teachBack")!;
    }

    private static async Task<JsonObject> TeachBackAnswersAsync(TestEngine test, PeldCase patient)
    {
        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        var instance = await db.Instances.SingleAsync(i => i.Id == patient.InstanceId);
        return (JsonObject)JsonNode.Parse(instance.DataJson)!["teachBack"]!;
    }
}
