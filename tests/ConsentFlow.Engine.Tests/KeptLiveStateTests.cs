using System.Text.Json.Nodes;
using ConsentFlow.Engine.Forms;
using ConsentFlow.Engine.Journal;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Tests;

/// <summary>
/// A process keeps the live rows it committed and the next unit on that instance uses them instead of reading them
/// again; these tests hold it to never acting on rows another process (or a refused unit) has since changed.
/// </summary>
public sealed class KeptLiveStateTests
{
    private static readonly DateTimeOffset ProcedureStart = new(2026, 5, 12, 8, 0, 0, TimeSpan.FromHours(-5));

    [Fact]
    public async Task A_step_another_process_completed_is_not_offered_again_by_this_process()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        // Two engines on one database behave like two app processes: each keeps only what it committed itself.
        var otherProcess = await ConsentFlowEngine.OpenAsync(test.Storage, test.Clock, CancellationToken.None);
        var patient = await PeldCase.StartAsync(test, ProcedureStart); // this process committed the start and keeps it
        var imaging = await patient.TaskAsync("imaging-review");
        await otherProcess.Runtime.SubmitAsync(new TaskSubmission(imaging.Id, TestEngine.Nurse, patient.Answers("imaging-review")), CancellationToken.None);

        var sedation = await patient.TaskAsync("sedation-screening");
        var result = await test.Runtime.SubmitAsync(new TaskSubmission(sedation.Id, TestEngine.Nurse, patient.Answers("sedation-screening")), CancellationToken.None);

        Assert.DoesNotContain(result.OpenTasks, t => t.StepId is "imaging-review" or "sedation-screening");
        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        var row = await db.CaseReadiness.AsNoTracking().SingleAsync(r => r.InstanceId == patient.InstanceId);
        Assert.DoesNotContain("imaging-review", row.OpenTasksJson);
        Assert.Equal(0, await db.Tasks.CountAsync(t => t.InstanceId == patient.InstanceId && t.StepId == "imaging-review" && t.Status == WorkTaskStatus.Open));
        Assert.True((await JournalVerifier.VerifyAsync(db, CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task Two_processes_taking_turns_through_a_whole_journey_leave_a_ready_case_and_an_unbroken_journal()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var otherProcess = await ConsentFlowEngine.OpenAsync(test.Storage, test.Clock, CancellationToken.None);
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        var runtimes = new[] { otherProcess.Runtime, test.Runtime };
        var turns = new (string Step, Actor Actor, string? Signer)[]
        {
            ("imaging-review", TestEngine.Nurse, null), ("sedation-screening", TestEngine.Nurse, null),
            ("consent-discussion", TestEngine.Surgeon, null), ("teach-back", TestEngine.Patient, null),
            ("consent-signature", TestEngine.Patient, "patient"), ("consent-signature", TestEngine.Witness, "witness"),
            ("consent-signature", TestEngine.Surgeon, "surgeon"),
        };
        for (var turn = 0; turn < turns.Length; turn++)
        {
            var (step, actor, signer) = turns[turn];
            var task = await patient.TaskAsync(step, signer);
            await runtimes[turn % 2].SubmitAsync(new TaskSubmission(task.Id, actor, patient.Answers(step, signer)), CancellationToken.None);
        }
        test.Clock.Now = ProcedureStart.AddMinutes(-60);
        var dayOf = await patient.TaskAsync("day-of-verification");
        await otherProcess.Runtime.SubmitAsync(new TaskSubmission(dayOf.Id, TestEngine.Nurse, patient.Answers("day-of-verification")), CancellationToken.None);

        Assert.Equal(ReadinessState.Done, (await patient.ReadinessAsync()).State);
        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        Assert.True((await JournalVerifier.VerifyAsync(db, CancellationToken.None)).Intact);
        // Only the operating room's sign-in, which opens once the case is ready.
        Assert.Equal(["sign-in"], await db.Tasks.Where(t => t.InstanceId == patient.InstanceId && t.Status == WorkTaskStatus.Open).Select(t => t.StepId).ToListAsync());
    }

    [Fact]
    public async Task A_refused_submission_leaves_nothing_behind_for_the_next_one()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        var task = await patient.TaskAsync("sedation-screening");
        var refused = patient.Answers("sedation-screening", overrides: new JsonObject { ["bmi"] = 95 });
        await Assert.ThrowsAsync<FormValidationException>(() =>
            test.Runtime.SubmitAsync(new TaskSubmission(task.Id, TestEngine.Nurse, refused), CancellationToken.None));

        var result = await test.Runtime.SubmitAsync(new TaskSubmission(task.Id, TestEngine.Nurse, patient.Answers("sedation-screening")), CancellationToken.None);

        Assert.DoesNotContain(result.OpenTasks, t => t.StepId == "sedation-screening");
        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        Assert.Equal(1, await db.Journal.CountAsync(e => e.Action == "task.completed" && e.StepId == "sedation-screening"));
        Assert.True((await JournalVerifier.VerifyAsync(db, CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task Three_branches_submitted_at_once_in_one_process_all_complete_once()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        var imaging = await patient.TaskAsync("imaging-review");
        var sedation = await patient.TaskAsync("sedation-screening");
        var discussion = await patient.TaskAsync("consent-discussion");

        // One of them takes the kept rows, the others read the database; the losers of each race run again.
        await Task.WhenAll(
            Task.Run(() => test.Runtime.SubmitAsync(new TaskSubmission(imaging.Id, TestEngine.Nurse, patient.Answers("imaging-review")), CancellationToken.None)),
            Task.Run(() => test.Runtime.SubmitAsync(new TaskSubmission(sedation.Id, TestEngine.Nurse, patient.Answers("sedation-screening")), CancellationToken.None)),
            Task.Run(() => test.Runtime.SubmitAsync(new TaskSubmission(discussion.Id, TestEngine.Surgeon, patient.Answers("consent-discussion")), CancellationToken.None)));

        var open = (await patient.OpenTasksAsync()).Select(t => t.StepId).ToList();
        Assert.DoesNotContain("imaging-review", open);
        Assert.DoesNotContain("sedation-screening", open);
        Assert.DoesNotContain("consent-discussion", open);
        Assert.Contains("teach-back", open);
        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        Assert.Equal(3, await db.Journal.CountAsync(e => e.InstanceId == patient.InstanceId && e.Action == "task.completed"));
        Assert.True((await JournalVerifier.VerifyAsync(db, CancellationToken.None)).Intact);
    }
}
