using System.Text.Json.Nodes;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Tests.Support;

namespace ConsentFlow.Engine.Tests;

public sealed class CaseChangeTests
{
    private static readonly DateTimeOffset ProcedureStart = new(2026, 5, 12, 8, 0, 0, TimeSpan.FromHours(-5));

    [Fact]
    public async Task Level_changed_after_imaging_review_raises_the_mismatch_hard_stop_again()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.SubmitAsync("imaging-review", TestEngine.Nurse);

        var readiness = await test.Runtime.ChangeCaseAsync(patient.InstanceId, new CaseChange(Level: "L5-S1"), TestEngine.Surgeon, CancellationToken.None);

        Assert.Equal(ReadinessState.Blocked, readiness.State);
        Assert.Contains(readiness.Blockers, b => b.Message.StartsWith("Imaging shows L4-L5 but the case is booked at L5-S1"));
    }

    [Fact]
    public async Task Procedure_moved_earlier_breaks_an_anticoagulant_hold_that_was_met()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.SubmitAsync("sedation-screening", TestEngine.Nurse, new JsonObject
        {
            ["antithrombotics"] = new JsonArray(new JsonObject { ["drug"] = "apixaban", ["lastDose"] = "@start-4d" }),
        });
        Assert.NotEqual(ReadinessState.Blocked, (await patient.ReadinessAsync()).State);

        var readiness = await test.Runtime.ChangeCaseAsync(patient.InstanceId, new CaseChange(ScheduledStart: ProcedureStart.AddDays(-2)), TestEngine.Nurse, CancellationToken.None);

        Assert.Equal(ReadinessState.Blocked, readiness.State);
        Assert.Contains(readiness.Blockers, b => b.Message.StartsWith("apixaban last taken 2 days before the procedure; the hold is 3 days. The hold is met from ", StringComparison.Ordinal));
    }
}
