using ConsentFlow.Engine.Storage;
using ConsentFlow.Engine.Tests.Support;
using ConsentFlow.Engine.Timers;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Tests;

public sealed class TimerTests
{
    private static readonly DateTimeOffset ProcedureStart = new(2026, 5, 12, 8, 0, 0, TimeSpan.FromHours(-5));

    [Fact]
    public async Task Two_app_processes_sharing_one_database_fire_a_consent_expiry_only_once()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-35));
        await ConsentExpiryFiresOnceWithTwoEnginesAsync(test);
    }

    /// <summary>Two engines on the database of <paramref name="test"/> (started 35 days before the procedure) race for the expiry timer.</summary>
    internal static async Task ConsentExpiryFiresOnceWithTwoEnginesAsync(TestEngine test)
    {
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.SignConsentAsync();
        var second = await ConsentFlowEngine.OpenAsync(test.Storage, test.Clock, CancellationToken.None);

        test.Clock.Now = ProcedureStart.AddDays(-3);
        await Task.WhenAll(test.Engine.Timers.RunDueAsync(CancellationToken.None), second.Timers.RunDueAsync(CancellationToken.None));
        await Task.WhenAll(test.Engine.Timers.RunDueAsync(CancellationToken.None), second.Timers.RunDueAsync(CancellationToken.None));

        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        Assert.Equal(1, await db.Journal.CountAsync(e => e.Action == "consent.inactive"));
        Assert.Equal(1, await db.Journal.CountAsync(e => e.Action == "consent.reconsent"));
        Assert.Equal(0, await db.Timers.CountAsync(t => t.Status == TimerStatus.Pending && t.DueAtUtc <= test.Clock.Now.UtcDateTime));
        Assert.Single(await patient.OpenTasksAsync(), t => t.StepId == "consent-discussion");
    }

    [Fact]
    public async Task A_crashed_process_lease_expires_and_another_process_fires_the_timer()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-35));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.SignConsentAsync();
        test.Clock.Now = ProcedureStart.AddDays(-3);

        await using (var db = await test.Engine.Contexts.CreateDbContextAsync())
        {
            // The crashed process took the lease and never came back.
            await db.Timers.Where(t => t.Purpose == TimerPurpose.ConsentExpiry)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LeaseOwner, "crashed").SetProperty(t => t.LeaseExpiresAtUtc, test.Clock.Now.UtcDateTime.AddSeconds(30)));
        }
        await test.Engine.Timers.RunDueAsync(CancellationToken.None);
        Assert.DoesNotContain(await patient.OpenTasksAsync(), t => t.StepId == "consent-discussion");

        test.Clock.Now += TimerScheduler.LeaseDuration;
        await test.Engine.Timers.RunDueAsync(CancellationToken.None);
        Assert.Single(await patient.OpenTasksAsync(), t => t.StepId == "consent-discussion");
    }

    [Fact]
    public async Task A_task_past_its_due_time_is_shown_as_overdue()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.AdvanceToAsync(ProcedureStart.AddDays(-2));

        var readiness = await patient.ReadinessAsync();
        Assert.Contains(readiness.Blockers, b => b.StepId == "imaging-review" && b.Message.Contains("overdue since 2026-05-09 08:00"));
    }

    [Fact]
    public async Task A_due_time_never_falls_after_the_procedure_start()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-1));
        await DefinitionVariants.PublishDefaultWithAsync(test,
            "\"due\": \"addDays([case.scheduledStart], -lookup('settings', 'imagingReviewDueDaysBefore'))\"", "\"dueInHours\": 72");

        var patient = await PeldCase.StartAsync(test, ProcedureStart);

        Assert.Equal(ProcedureStart.UtcDateTime, (await patient.TaskAsync("imaging-review")).DueAtUtc);
    }
}
