using ConsentFlow.Engine.Journal;
using ConsentFlow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Tests;

public sealed class JournalTests
{
    private static readonly DateTimeOffset ProcedureStart = new(2026, 5, 12, 8, 0, 0, TimeSpan.FromHours(-5));

    [Fact]
    public async Task Every_change_is_journaled_with_who_when_what_and_the_definition_version()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.SubmitAsync("imaging-review", TestEngine.Nurse);

        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        var completed = await db.Journal.SingleAsync(e => e.Action == "task.completed");
        Assert.Equal("nurse-1", completed.Actor);
        Assert.Equal("nurse", completed.Role);
        Assert.Equal("imaging-review", completed.StepId);
        Assert.Equal(1, completed.DefinitionVersion);
        Assert.Equal(test.Clock.Now.UtcDateTime, completed.AtUtc, TimeSpan.FromMilliseconds(1));
        Assert.Contains("\"level\":\"L4-L5\"", completed.DetailsJson);
    }

    [Fact]
    public async Task An_intact_journal_verifies()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.CompletePrerequisitesAsync();

        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        var result = await JournalVerifier.VerifyAsync(db, CancellationToken.None);
        Assert.True(result.Intact, result.FirstBreak?.Reason);
        Assert.True(result.EntriesChecked > 10);
    }

    [Theory]
    [InlineData("UPDATE Journal SET DetailsJson = '{{}}' WHERE Action = 'task.completed'", "edited")]
    [InlineData("UPDATE Journal SET Actor = 'someone-else' WHERE Action = 'task.completed'", "edited")]
    [InlineData("DELETE FROM Journal WHERE Action = 'task.opened' AND StepId = 'imaging-review'", "missing")]
    [InlineData("DELETE FROM Journal WHERE Sequence = (SELECT MAX(Sequence) FROM Journal)", "deleted")]
    public async Task Editing_or_deleting_any_journal_entry_is_detected(string tampering, string expectedReason)
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.SubmitAsync("imaging-review", TestEngine.Nurse);
        await patient.SubmitAsync("sedation-screening", TestEngine.Nurse);

        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync(tampering);
        var result = await JournalVerifier.VerifyAsync(db, CancellationToken.None);

        Assert.False(result.Intact);
        Assert.Contains(expectedReason, result.FirstBreak!.Reason);
    }
}
