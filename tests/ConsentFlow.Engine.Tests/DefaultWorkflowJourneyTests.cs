using System.Text.Json.Nodes;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Tests;

public sealed class DefaultWorkflowJourneyTests
{
    private static readonly DateTimeOffset ProcedureStart = new(2026, 5, 12, 8, 0, 0, TimeSpan.FromHours(-5));

    [Fact]
    public async Task Uneventful_patient_becomes_ready_after_day_of_verification()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);

        Assert.Equal(["consent-discussion", "imaging-review", "sedation-screening"], (await patient.OpenTasksAsync()).Select(t => t.StepId).Order());
        await patient.CompletePrerequisitesAsync();
        Assert.Equal(["day-of-verification"], (await patient.OpenTasksAsync()).Select(t => t.StepId));

        test.Clock.Now = ProcedureStart.AddMinutes(-60);
        await patient.SubmitAsync("day-of-verification", TestEngine.Nurse);

        var readiness = await patient.ReadinessAsync();
        Assert.Equal(ReadinessState.Done, readiness.State);
        Assert.Empty(readiness.Blockers);
    }

    [Fact]
    public async Task A_no_on_a_WHO_checklist_is_journaled_and_the_checklist_opens_again()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.MakeReadyAsync();
        await patient.SubmitAsync("sign-in", TestEngine.Nurse);

        await patient.SubmitAsync("time-out", TestEngine.Nurse, new JsonObject { ["imagesDisplayed"] = false });

        Assert.Equal(["time-out"], (await patient.OpenTasksAsync()).Select(t => t.StepId));
        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        var answered = await db.Journal.Where(e => e.Action == "task.completed" && e.StepId == "time-out").Select(e => e.DetailsJson).SingleAsync();
        Assert.Contains("\"imagesDisplayed\":false", answered);
        Assert.Equal(ReadinessState.Done, (await patient.ReadinessAsync()).State);
    }
}
