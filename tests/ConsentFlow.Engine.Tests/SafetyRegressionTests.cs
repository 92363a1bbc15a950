using System.Text.Json.Nodes;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Tests.Support;

namespace ConsentFlow.Engine.Tests;

public sealed class SafetyRegressionTests
{
    private static readonly DateTimeOffset ProcedureStart = new(2026, 5, 12, 8, 0, 0, TimeSpan.FromHours(-5));

    [Fact]
    public async Task A_consent_made_inactive_by_a_level_change_can_no_longer_produce_a_document()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.SignConsentAsync();
        Assert.Equal("L4-L5", (await test.Runtime.GetSignedConsentAsync(patient.InstanceId, null, CancellationToken.None))!.Level);

        await test.Runtime.ChangeCaseAsync(patient.InstanceId, new CaseChange(Level: "L5-S1"), TestEngine.Surgeon, CancellationToken.None);

        Assert.Null(await test.Runtime.GetSignedConsentAsync(patient.InstanceId, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_document_shows_the_plan_the_patient_consented_to()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.SignConsentAsync();
        // The date is not part of what was consented to, so the consent stays active.
        await test.Runtime.ChangeCaseAsync(patient.InstanceId, new CaseChange(ScheduledStart: ProcedureStart.AddDays(2)), TestEngine.Nurse, CancellationToken.None);

        var facts = await test.Runtime.GetSignedConsentAsync(patient.InstanceId, null, CancellationToken.None);
        Assert.Equal(("L4-L5", "left", "Dr. M. Okafor"), (facts!.Level, facts.Side, facts.Surgeon));
    }

    [Fact]
    public async Task Start_moved_earlier_after_the_day_of_check_recomputes_fasting()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.CompletePrerequisitesAsync();
        test.Clock.Now = ProcedureStart.AddMinutes(-120);
        await patient.SubmitAsync("day-of-verification", TestEngine.Nurse, new JsonObject { ["lastClearLiquids"] = "@start-150m" });
        Assert.Equal(ReadinessState.Done, (await patient.ReadinessAsync()).State);

        var readiness = await test.Runtime.ChangeCaseAsync(patient.InstanceId, new CaseChange(ScheduledStart: ProcedureStart.AddMinutes(-90)), TestEngine.Nurse, CancellationToken.None);

        Assert.Equal(ReadinessState.Waiting, readiness.State);
        Assert.Contains(readiness.Blockers, b => b.StepId == "fasting-delay" && b.Message.StartsWith("Delay: clear liquids 60 minutes"));
    }

    [Fact]
    public async Task Asa_class_IV_needs_both_surgeon_and_anesthesia_to_override_and_still_goes_to_anesthesiology()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.SubmitAsync("sedation-screening", TestEngine.Nurse, new JsonObject { ["asaClass"] = "IV" });
        await patient.SubmitAsync("sedation-hard-stops", TestEngine.Surgeon);
        Assert.Null(await patient.FindTaskAsync("anesthesia-escalation"));
        await patient.SubmitAsync("sedation-hard-stops", TestEngine.Anesthesiologist);

        var review = await patient.TaskAsync("anesthesia-escalation");
        Assert.Equal(["anesthesiologist"], review.Roles);
    }

    [Fact]
    public async Task Holds_not_confirmed_on_the_day_block_readiness()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.CompletePrerequisitesAsync();
        test.Clock.Now = ProcedureStart.AddMinutes(-60);
        await patient.SubmitAsync("day-of-verification", TestEngine.Nurse, new JsonObject { ["holdsConfirmed"] = false });

        var readiness = await patient.ReadinessAsync();
        Assert.Equal(ReadinessState.Blocked, readiness.State);
        Assert.Contains(readiness.Blockers, b => b.Message == "Medicine holds are not confirmed with the patient today.");
    }

    [Fact]
    public async Task A_consent_that_covered_the_procedure_date_expires_afterwards_without_reopening_consent()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.MakeReadyAsync();

        await patient.AdvanceToAsync(ProcedureStart.AddDays(25));

        Assert.Equal(["sign-in"], (await patient.OpenTasksAsync()).Select(t => t.StepId));
        Assert.Equal("Ready", (await patient.ReadinessAsync()).InstanceStatus);
    }

    [Fact]
    public async Task A_misspelt_invalidating_case_field_is_a_definition_error()
    {
        var json = (await File.ReadAllTextAsync(RepositoryPaths.DefaultWorkflow)).Replace("\"case.level\", \"case.side\"", "\"case.levl\", \"case.side\"");

        var (_, problems) = DefinitionLoader.Check(json, "peld-consent.workflow.json");

        Assert.Contains(problems, p => p.JsonPath.EndsWith(".invalidatedBy[0]") && p.Message.Contains("'case.levl' is not a case field"));
    }

    [Fact]
    public async Task A_parallel_path_that_never_reaches_its_join_is_a_definition_error()
    {
        var json = (await File.ReadAllTextAsync(RepositoryPaths.DefaultWorkflow))
            .Replace("\"form\": \"consentSignature\", \"validForDays\": 30, \"reconsent\": \"consent-discussion\", \"next\": \"prerequisites-met\"",
                     "\"form\": \"consentSignature\", \"validForDays\": 30, \"reconsent\": \"consent-discussion\", \"next\": \"ready\"");

        var (_, problems) = DefinitionLoader.Check(json, "peld-consent.workflow.json");

        Assert.Contains(problems, p => p.JsonPath.EndsWith(".joins") && p.Message.Contains("'consent-discussion'") && p.Message.Contains("never reaches join"));
    }

    [Fact]
    public async Task A_sedation_hard_stop_stays_until_both_surgeon_and_anesthesiologist_have_overridden_it()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.SubmitAsync("sedation-screening", TestEngine.Nurse, new JsonObject { ["escortArranged"] = false });

        await patient.SubmitAsync("sedation-hard-stops", TestEngine.Surgeon);
        Assert.Contains((await patient.ReadinessAsync()).Blockers, b => b.Message.StartsWith("No responsible adult"));

        await patient.SubmitAsync("sedation-hard-stops", TestEngine.Anesthesiologist);
        Assert.DoesNotContain((await patient.ReadinessAsync()).Blockers, b => b.Message.StartsWith("No responsible adult"));
    }
}
