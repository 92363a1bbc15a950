using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Tests.Support;

namespace ConsentFlow.Engine.Tests;

/// <summary>A waiting line says when its task is due as data, not only in its sentence, so a reader who may not see the sentence still knows what is late.</summary>
public sealed class ReadinessDueTimeTests
{
    // Monday 4 May 2026, 08:00 in Chicago (13:00 UTC); the procedure ten days later at 08:00, the screening due three days before.
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 13, 0, 0, TimeSpan.Zero);
    private static readonly DateTime ScreeningDueUtc = new(2026, 5, 11, 13, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task A_waiting_line_for_an_open_task_with_a_due_time_carries_that_time_and_keeps_its_sentence()
    {
        await using var test = await TestEngine.StartAsync(Now);
        var patientCase = await PeldCase.StartAsync(test, Now.AddDays(10));

        var english = (await patientCase.ReadinessAsync()).Blockers.Single(b => b.StepId == "sedation-screening");
        Assert.Equal(BlockerSeverity.Waiting, english.Severity);
        Assert.Equal(ScreeningDueUtc, english.DueAtUtc);
        Assert.False(english.Overdue);
        Assert.Equal((await patientCase.TaskAsync("sedation-screening")).DueAtUtc, english.DueAtUtc);
        Assert.EndsWith(": waiting for nurse, due 2026-05-11 08:00", english.Message);

        var spanish = (await test.Runtime.GetReadinessAsync(patientCase.InstanceId, "es", CancellationToken.None)).Blockers.Single(b => b.StepId == "sedation-screening");
        Assert.Equal(ScreeningDueUtc, spanish.DueAtUtc);
        Assert.EndsWith(": pendiente de nurse, vence 2026-05-11 08:00", spanish.Message);
    }

    [Fact]
    public async Task A_task_still_open_after_its_due_time_is_marked_overdue_as_its_sentence_says()
    {
        await using var test = await TestEngine.StartAsync(Now);
        var patientCase = await PeldCase.StartAsync(test, Now.AddDays(10));
        await patientCase.AdvanceToAsync(Now.AddDays(8));

        var screening = (await patientCase.ReadinessAsync()).Blockers.Single(b => b.StepId == "sedation-screening");
        Assert.Equal(ScreeningDueUtc, screening.DueAtUtc);
        Assert.True(screening.Overdue);
        Assert.EndsWith(", overdue since 2026-05-11 08:00", screening.Message);
    }

    [Fact]
    public async Task A_line_with_no_due_clause_carries_no_due_time()
    {
        await using var test = await TestEngine.StartAsync(Now);
        var patientCase = await PeldCase.StartAsync(test, Now.AddDays(10));

        foreach (var line in (await patientCase.ReadinessAsync()).Blockers.Where(b => b.DueAtUtc is null))
            Assert.DoesNotMatch(@", (due|overdue since) \d{4}-\d{2}-\d{2} \d{2}:\d{2}$", line.Message);
        Assert.All((await patientCase.ReadinessAsync()).Blockers.Where(b => b.DueAtUtc is not null),
            line => Assert.EndsWith(DueClause.Of(line.DueAtUtc!.Value, line.Overdue, "en", TimeZoneInfo.FindSystemTimeZoneById("America/Chicago")), line.Message));
    }
}
