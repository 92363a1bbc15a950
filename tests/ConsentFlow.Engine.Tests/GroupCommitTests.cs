using System.Text.Json.Nodes;
using ConsentFlow.Engine.Journal;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Engine.Tests.Support;
using static ConsentFlow.Engine.Tests.Support.GroupCommitUnits;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Tests;

/// <summary>
/// SQLite commits concurrent units of work together (one transaction, a savepoint per unit). These tests hold the
/// guarantees each unit had with a transaction of its own.
/// </summary>
public sealed class GroupCommitTests
{
    private static readonly DateTimeOffset ProcedureStart = new(2026, 5, 12, 8, 0, 0, TimeSpan.FromHours(-5));

    [Fact]
    public async Task Many_nurses_of_one_clinic_submitting_the_same_task_at_once_exactly_one_wins_the_rest_get_a_conflict()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        var task = await patient.TaskAsync("imaging-review");
        var data = patient.Answers("imaging-review");

        var outcomes = await Task.WhenAll(Enumerable.Range(1, 8).Select(n => Attempt(() =>
            test.Runtime.SubmitAsync(new TaskSubmission(task.Id, new Actor($"nurse-{n}", "nurse"), (JsonObject)data.DeepClone()), CancellationToken.None))));

        Assert.Single(outcomes, o => o is null);
        Assert.All(outcomes.Where(o => o is not null), o => Assert.IsType<ConflictException>(o));
        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        Assert.Equal(1, await db.Journal.CountAsync(e => e.Action == "task.completed" && e.StepId == "imaging-review"));
        Assert.True((await JournalVerifier.VerifyAsync(db, CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task A_unit_that_fails_inside_a_batch_leaves_nothing_behind_and_its_neighbours_still_commit()
    {
        await using var test = await TestEngine.StartAsync(publishDefault: false);
        var gate = test.Storage.CreateWriteGate();
        Assert.True(gate.IsGroupCommit);
        await using (var setup = await test.Engine.Contexts.CreateDbContextAsync())
        {
            setup.JournalStreams.Add(new JournalStream { Stream = "existing", Count = 5, HeadHash = "head-5" });
            await setup.SaveChangesAsync();
        }

        // Holding the write lock queues every unit, so the committer takes them as one batch when it is let go.
        Task[] units;
        using (await gate.EnterAsync(CancellationToken.None))
        {
            units =
            [
                SaveAsync(gate, test, db => db.JournalStreams.Add(new JournalStream { Stream = "good-1", HeadHash = "h1" })),
                SaveAsync(gate, test, db =>
                {
                    db.JournalStreams.Add(new JournalStream { Stream = "failed-unit-insert", HeadHash = "x" });
                    // A stale concurrency token: the unit read Count 4, the database holds 5.
                    db.JournalStreams.Attach(new JournalStream { Stream = "existing", Count = 4, HeadHash = "head-4" }).Property(s => s.HeadHash).IsModified = true;
                }),
                SaveAsync(gate, test, db => db.JournalStreams.Add(new JournalStream { Stream = "good-2", HeadHash = "h2" })),
                SaveAsync(gate, test, db => db.JournalStreams.Add(new JournalStream { Stream = "good-3", HeadHash = "h3" })),
            ];
            await Task.Delay(100);
        }

        await units[0];
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => units[1]);
        await units[2];
        await units[3];
        Assert.True(gate.GroupCommitStats.LargestBatch > 1, "the units were committed together");
        await using var check = await test.Engine.Contexts.CreateDbContextAsync();
        var streams = await check.JournalStreams.AsNoTracking().ToDictionaryAsync(s => s.Stream);
        Assert.Equal(["existing", "good-1", "good-2", "good-3"], streams.Keys.Order());
        Assert.Equal("head-5", streams["existing"].HeadHash);
    }

    [Fact]
    public async Task A_unit_that_fails_alone_in_its_commit_leaves_nothing_behind()
    {
        await using var test = await TestEngine.StartAsync(publishDefault: false);
        var gate = test.Storage.CreateWriteGate();
        await using (var setup = await test.Engine.Contexts.CreateDbContextAsync())
        {
            setup.JournalStreams.Add(new JournalStream { Stream = "existing", Count = 5, HeadHash = "head-5" });
            await setup.SaveChangesAsync();
        }

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => SaveAsync(gate, test, db =>
        {
            db.JournalStreams.Add(new JournalStream { Stream = "lone-insert", HeadHash = "x" });
            db.JournalStreams.Attach(new JournalStream { Stream = "existing", Count = 4, HeadHash = "head-4" }).Property(s => s.HeadHash).IsModified = true;
        }));
        await SaveAsync(gate, test, db => db.JournalStreams.Add(new JournalStream { Stream = "next", HeadHash = "n" }));

        await using var check = await test.Engine.Contexts.CreateDbContextAsync();
        Assert.Equal(["existing", "next"], (await check.JournalStreams.AsNoTracking().Select(s => s.Stream).ToListAsync()).Order());
    }

    [Fact]
    public async Task Journals_stay_chained_when_many_patients_move_through_their_tasks_at_the_same_time()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patients = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => PeldCase.StartAsync(test, ProcedureStart)));

        await Task.WhenAll(patients.Select(async patient =>
        {
            await patient.SubmitAsync("imaging-review", TestEngine.Nurse);
            await patient.SubmitAsync("sedation-screening", TestEngine.Nurse);
        }));

        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        var verification = await JournalVerifier.VerifyAsync(db, CancellationToken.None);
        Assert.True(verification.Intact, verification.FirstBreak?.Reason);
        Assert.Equal(patients.Length * 2, await db.Journal.CountAsync(e => e.Action == "task.completed"));
        foreach (var patient in patients)
        {
            var stream = JournalStreams.ForInstance(patient.InstanceId);
            var head = await db.JournalStreams.SingleAsync(s => s.Stream == stream);
            var last = await db.Journal.Where(e => e.Stream == stream).OrderByDescending(e => e.Position).FirstAsync();
            Assert.Equal((head.Count, head.HeadHash), (last.Position, last.Hash));
        }
    }

    private static async Task<Exception?> Attempt(Func<Task> action)
    {
        try { await action(); return null; }
        catch (Exception ex) { return ex; }
    }
}
