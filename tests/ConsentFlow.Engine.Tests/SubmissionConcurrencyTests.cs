using System.Text.Json.Nodes;
using ConsentFlow.Engine.Forms;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Tests;

public sealed class SubmissionConcurrencyTests
{
    private static readonly DateTimeOffset ProcedureStart = new(2026, 5, 12, 8, 0, 0, TimeSpan.FromHours(-5));

    [Fact]
    public async Task Two_nurses_submitting_the_same_task_at_once_one_wins_the_other_gets_a_conflict()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        // Two engines on one database behave like two app processes: no shared in-process lock helps them.
        var otherProcess = await ConsentFlowEngine.OpenAsync(test.Storage, test.Clock, CancellationToken.None);
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        var task = await patient.TaskAsync("imaging-review");
        var data = patient.Answers("imaging-review");

        var outcomes = await Task.WhenAll(
            Attempt(() => test.Runtime.SubmitAsync(new TaskSubmission(task.Id, TestEngine.Nurse, (JsonObject)data.DeepClone()), CancellationToken.None)),
            Attempt(() => otherProcess.Runtime.SubmitAsync(new TaskSubmission(task.Id, new Actor("nurse-2", "nurse"), (JsonObject)data.DeepClone()), CancellationToken.None)));

        Assert.Single(outcomes, o => o is null);
        Assert.Single(outcomes, o => o is ConflictException);
        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        Assert.Equal(1, await db.Journal.CountAsync(e => e.Action == "task.completed" && e.StepId == "imaging-review"));
    }

    [Fact]
    public async Task Resubmitting_with_the_same_idempotency_key_returns_the_first_result_without_applying_twice()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        var task = await patient.TaskAsync("sedation-screening");
        var submission = new TaskSubmission(task.Id, TestEngine.Nurse, patient.Answers("sedation-screening"), IdempotencyKey: "tablet-7:42");

        var first = await test.Runtime.SubmitAsync(submission, CancellationToken.None);
        var again = await test.Runtime.SubmitAsync(submission, CancellationToken.None);

        Assert.Equal(first.OpenTasks.Select(t => t.Id), again.OpenTasks.Select(t => t.Id));
        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        Assert.Equal(1, await db.Journal.CountAsync(e => e.Action == "task.completed" && e.StepId == "sedation-screening"));
    }

    [Fact]
    public async Task An_idempotency_key_reused_for_different_answers_is_refused()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        var task = await patient.TaskAsync("imaging-review");
        await test.Runtime.SubmitAsync(new TaskSubmission(task.Id, TestEngine.Nurse, patient.Answers("imaging-review"), "key-1"), CancellationToken.None);

        var changed = patient.Answers("imaging-review", overrides: new JsonObject { ["zone"] = "foraminal" });
        await Assert.ThrowsAsync<ConflictException>(() =>
            test.Runtime.SubmitAsync(new TaskSubmission(task.Id, TestEngine.Nurse, changed, "key-1"), CancellationToken.None));
    }

    [Fact]
    public async Task Invalid_answers_are_refused_field_by_field_and_nothing_is_saved()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        var task = await patient.TaskAsync("sedation-screening");
        var data = patient.Answers("sedation-screening", overrides: new JsonObject
        {
            ["bmi"] = 95, ["asaClass"] = "VII", ["snoring"] = "sometimes", ["shoeSize"] = 42,
            ["antithrombotics"] = new JsonArray(new JsonObject { ["drug"] = "apixaban" }),
        });

        var error = await Assert.ThrowsAsync<FormValidationException>(() =>
            test.Runtime.SubmitAsync(new TaskSubmission(task.Id, TestEngine.Nurse, data), CancellationToken.None));

        Assert.Contains(error.Errors, e => e.Field == "bmi" && e.Message.Contains("at most 80 kg/m²"));
        Assert.Contains(error.Errors, e => e.Field == "asaClass" && e.Message.StartsWith("must be one of") && !e.Message.Contains("VII"));
        Assert.Contains(error.Errors, e => e.Field == "snoring");
        Assert.Contains(error.Errors, e => e.Field == "antithrombotics[0].lastDose" && e.Message == "is required");
        Assert.Contains(error.Errors, e => e.Field == "shoeSize" && e.Message.Contains("not a field"));
        Assert.Contains(await patient.OpenTasksAsync(), t => t.Id == task.Id);
    }

    [Fact]
    public async Task A_task_for_nurses_cannot_be_completed_by_the_patient_role()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await Assert.ThrowsAsync<ForbiddenException>(() => patient.SubmitAsync("imaging-review", TestEngine.Patient));
    }

    [Fact]
    public async Task The_sedation_form_computes_the_stop_bang_score()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.SubmitAsync("sedation-screening", TestEngine.Nurse);

        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        var data = JsonNode.Parse((await db.Instances.SingleAsync()).DataJson)!;
        // tired + pressure + age over 50 + male = 4
        Assert.Equal(4m, data["sedation"]!["stopBangScore"]!.GetValue<decimal>());
    }

    private static async Task<Exception?> Attempt(Func<Task> action)
    {
        try { await action(); return null; }
        catch (Exception ex) { return ex; }
    }
}
