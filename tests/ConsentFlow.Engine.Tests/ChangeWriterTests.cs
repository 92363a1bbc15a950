using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Engine.Tests.Support;
using static ConsentFlow.Engine.Tests.Support.GroupCommitUnits;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Tests;

/// <summary>
/// Group commit on SQLite writes a unit's rows with its own prepared statements instead of EF Core's SaveChanges. What
/// it writes must read back through EF Core exactly as SaveChanges would have stored it, and its refusals must be the
/// ones the engine's retry and conflict handling expect.
/// </summary>
public sealed class ChangeWriterTests
{
    private static readonly DateTime Noon = new(2026, 5, 11, 17, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Rows_written_by_group_commit_read_back_exactly_as_saved_enums_dates_and_empty_values_included()
    {
        await using var test = await TestEngine.StartAsync(publishDefault: false);
        var gate = GroupCommitGate(test);
        var patient = new Patient
        {
            Id = Ids.New(), Mrn = "MRN-WRITER-1", FamilyName = "Ortega", GivenName = "Lucía", BirthDate = new DateOnly(1968, 2, 29),
            Sex = null, Language = "es", CreatedAtUtc = Noon.AddTicks(1234560),
        };
        var followUp = new FollowUpItem
        {
            Id = Ids.New(), Kind = "consent-document", InstanceId = Ids.New(), SubjectId = null, Status = FollowUpStatus.Done,
            Attempts = 3, CreatedAtUtc = Noon, NextAttemptAtUtc = Noon.AddMinutes(5), LeaseExpiresAtUtc = null, CompletedAtUtc = Noon.AddMinutes(6),
        };

        await SaveAsync(gate, test, db =>
        {
            db.Patients.Add(patient);
            db.FollowUps.Add(followUp);
        });

        await using var check = await test.Engine.Contexts.CreateDbContextAsync();
        var storedPatient = await check.Patients.AsNoTracking().SingleAsync(p => p.Id == patient.Id);
        Assert.Equivalent(patient, storedPatient, strict: true);
        Assert.Equal(DateTimeKind.Utc, storedPatient.CreatedAtUtc.Kind);
        var storedFollowUp = await check.FollowUps.AsNoTracking().SingleAsync(f => f.Status == FollowUpStatus.Done);
        Assert.Equivalent(followUp, storedFollowUp, strict: true);
    }

    [Fact]
    public async Task An_update_writes_the_changed_columns_and_leaves_the_others_as_they_are()
    {
        await using var test = await TestEngine.StartAsync(publishDefault: false);
        var gate = GroupCommitGate(test);
        var item = new FollowUpItem
        {
            Id = Ids.New(), Kind = "consent-document", InstanceId = Ids.New(), Status = FollowUpStatus.Pending,
            CreatedAtUtc = Noon, NextAttemptAtUtc = Noon, LastError = "IOException",
        };
        await SaveAsync(gate, test, db => db.FollowUps.Add(item));
        // Someone else changes a column this unit does not touch; the unit's write must not put the old value back.
        await using (var other = await test.Engine.Contexts.CreateDbContextAsync())
        {
            await other.FollowUps.Where(f => f.Id == item.Id).ExecuteUpdateAsync(u => u.SetProperty(f => f.LastError, "TimeoutException"));
        }

        await SaveAsync(gate, test, async db =>
        {
            var tracked = await db.FollowUps.SingleAsync(f => f.Id == item.Id);
            tracked.Status = FollowUpStatus.Done;
            tracked.CompletedAtUtc = Noon.AddMinutes(1);
        });

        await using var check = await test.Engine.Contexts.CreateDbContextAsync();
        var stored = await check.FollowUps.AsNoTracking().SingleAsync(f => f.Id == item.Id);
        Assert.Equal(FollowUpStatus.Done, stored.Status);
        Assert.Equal(Noon.AddMinutes(1), stored.CompletedAtUtc);
        Assert.Equal("TimeoutException", stored.LastError);
    }

    [Fact]
    public async Task A_second_patient_with_the_same_record_number_is_refused_as_a_failed_save_not_a_raw_database_error()
    {
        await using var test = await TestEngine.StartAsync(publishDefault: false);
        var gate = GroupCommitGate(test);
        Patient PatientNamed(string given) => new()
        {
            Id = Ids.New(), Mrn = "MRN-TWICE", FamilyName = "Reyes", GivenName = given, BirthDate = new DateOnly(1980, 1, 1), CreatedAtUtc = Noon,
        };
        await SaveAsync(gate, test, db => db.Patients.Add(PatientNamed("Ana")));

        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => SaveAsync(gate, test, db => db.Patients.Add(PatientNamed("Eva"))));

        Assert.DoesNotContain("MRN-TWICE", refused.Message); // never the patient's identifiers in an error
        await using var check = await test.Engine.Contexts.CreateDbContextAsync();
        Assert.Equal("Ana", (await check.Patients.AsNoTracking().SingleAsync(p => p.Mrn == "MRN-TWICE")).GivenName);
    }

    [Fact]
    public async Task A_row_deleted_by_another_writer_fails_the_update_as_a_concurrency_conflict()
    {
        await using var test = await TestEngine.StartAsync(publishDefault: false);
        var gate = GroupCommitGate(test);
        var item = new FollowUpItem { Id = Ids.New(), Kind = "consent-document", InstanceId = Ids.New(), CreatedAtUtc = Noon, NextAttemptAtUtc = Noon };
        await SaveAsync(gate, test, db => db.FollowUps.Add(item));

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => SaveAsync(gate, test, async db =>
        {
            var tracked = await db.FollowUps.SingleAsync(f => f.Id == item.Id);
            await using (var other = await test.Engine.Contexts.CreateDbContextAsync())
                await other.FollowUps.Where(f => f.Id == item.Id).ExecuteDeleteAsync();
            tracked.Attempts++;
        }));
    }

    [Fact]
    public async Task A_unit_that_chained_its_journal_onto_a_head_another_unit_moved_fails_as_a_conflict_so_it_runs_again()
    {
        await using var test = await TestEngine.StartAsync(publishDefault: false);
        var gate = GroupCommitGate(test);
        await SaveAsync(gate, test, db => db.JournalStreams.Add(new JournalStream { Stream = "instance-1", Count = 1, HeadHash = "h1" }));
        await using var first = await gate.CreateUnitContextAsync(test.Engine.Contexts, CancellationToken.None);
        await using var second = await gate.CreateUnitContextAsync(test.Engine.Contexts, CancellationToken.None);
        // Both units read head 1 before either writes: each chains entry 2 onto it (outside the write lock).
        foreach (var db in new[] { first, second })
        {
            var stream = await db.JournalStreams.SingleAsync(s => s.Stream == "instance-1");
            stream.Count = 2;
            stream.HeadHash = "h2";
            db.Journal.Add(new JournalEntry { Stream = "instance-1", Position = 2, Actor = "nurse-1", Role = "nurse", AtUtc = Noon, Action = "task.completed", PreviousHash = "h1", Hash = "h2" });
        }

        await gate.SaveAsync(first, ct => first.SaveChangesAsync(false, ct), CancellationToken.None);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => gate.SaveAsync(second, ct => second.SaveChangesAsync(false, ct), CancellationToken.None));
    }

    [Fact]
    public async Task Journal_entries_of_one_save_get_their_sequence_in_the_order_they_were_recorded()
    {
        await using var test = await TestEngine.StartAsync(publishDefault: false);
        var gate = GroupCommitGate(test);
        await using (var db = await gate.CreateUnitContextAsync(test.Engine.Contexts, CancellationToken.None))
        {
            for (var position = 1; position <= 40; position++)
                db.Journal.Add(new JournalEntry { Stream = "long-unit", Position = position, Actor = "nurse-1", Role = "nurse", AtUtc = Noon, Action = "step", PreviousHash = $"h{position - 1}", Hash = $"h{position}" });
            await gate.SaveAsync(db, ct => db.SaveChangesAsync(false, ct), CancellationToken.None);
        }

        await using var check = await test.Engine.Contexts.CreateDbContextAsync();
        var positions = await check.Journal.AsNoTracking().Where(e => e.Stream == "long-unit").OrderBy(e => e.Sequence).Select(e => e.Position).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 40).Select(p => (long)p), positions);
    }

    /// <summary>These tests are about group commit's writer: the gate must be the group-committing one.</summary>
    private static WriteGate GroupCommitGate(TestEngine test)
    {
        var gate = test.Storage.CreateWriteGate();
        Assert.True(gate.IsGroupCommit);
        return gate;
    }
}
