using ConsentFlow.Engine.Publishing;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Engine.Tests.Support;

namespace ConsentFlow.Engine.Tests.Publishing;

public sealed class AffectedCasesTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 13, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ProcedureStart = new(2026, 5, 12, 8, 0, 0, TimeSpan.FromHours(-5));

    [Fact]
    public async Task Affected_cases_count_every_active_case_by_version_and_those_a_revised_template_would_reconsent()
    {
        await using var studio = await StudioWorkspace.StartAsync(Now);
        var signed = await PeldCase.StartAsync(studio.Test, ProcedureStart);
        await signed.SignConsentAsync();
        var unsigned = await PeldCase.StartAsync(studio.Test, ProcedureStart);
        var cancelled = await PeldCase.StartAsync(studio.Test, ProcedureStart);
        await studio.Test.Runtime.CancelAsync(cancelled.InstanceId, TestEngine.Nurse, "patient moved away", CancellationToken.None);
        await studio.Publications.PublishAsync(new PublicationRequest(StudioWorkspace.RenamedImagingReview, "Rename"), TestEngine.Admin, CancellationToken.None);
        var onNewVersion = await PeldCase.StartAsync(studio.Test, ProcedureStart);

        var affected = await studio.Impact.ForAsync("peld-consent", CancellationToken.None);

        Assert.Equal(3, affected.ActiveCount);
        Assert.Equal(new Dictionary<int, int> { [1] = 2, [2] = 1 }, affected.ActiveByVersion);
        Assert.Equal(1, affected.WouldReconsentCount);
        var would = Assert.Single(affected.Cases, c => c.WouldReconsent);
        Assert.Equal((signed.InstanceId, 1, ConsentStatus.Active), (would.InstanceId, would.Version, would.Consent));
        Assert.DoesNotContain(affected.Cases, c => c.InstanceId == cancelled.InstanceId);
        Assert.Contains(affected.Cases, c => c.InstanceId == unsigned.InstanceId && !c.WouldReconsent);
        Assert.Contains(affected.Cases, c => c.InstanceId == onNewVersion.InstanceId && c.Version == 2);
    }

    [Fact]
    public async Task A_case_whose_procedure_day_has_passed_would_not_reconsent()
    {
        await using var studio = await StudioWorkspace.StartAsync(Now);
        var signed = await PeldCase.StartAsync(studio.Test, ProcedureStart);
        await signed.SignConsentAsync();
        await signed.AdvanceToAsync(ProcedureStart.AddDays(1));

        var affected = await studio.Impact.ForAsync("peld-consent", CancellationToken.None);

        Assert.Equal((1, 0), (affected.ActiveCount, affected.WouldReconsentCount));
    }
}
