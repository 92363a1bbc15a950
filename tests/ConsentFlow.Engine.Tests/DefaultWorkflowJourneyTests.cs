using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Tests.Support;

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
}
