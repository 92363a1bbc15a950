using System.Text.Json.Nodes;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Tests;

public sealed class ConsentLifecycleTests
{
    private static readonly DateTimeOffset ProcedureStart = new(2026, 5, 12, 8, 0, 0, TimeSpan.FromHours(-5));

    [Fact]
    public async Task Level_changed_after_the_case_was_ready_reopens_consent_and_the_day_of_check_waits_again()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.MakeReadyAsync();
        Assert.Equal(ReadinessState.Done, (await patient.ReadinessAsync()).State);

        var readiness = await test.Runtime.ChangeCaseAsync(patient.InstanceId, new CaseChange(Side: "right"), TestEngine.Surgeon, CancellationToken.None);

        // The imaging showed the left side, so the side hard stop is raised again as well.
        Assert.Equal(ReadinessState.Blocked, readiness.State);
        Assert.Equal(["consent-discussion", "imaging-checks"], (await patient.OpenTasksAsync()).Select(t => t.StepId).Order());
        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        var consent = await db.Consents.SingleAsync();
        Assert.Equal(ConsentStatus.Inactive, consent.Status);
        Assert.Equal("case changed: side", consent.InactiveReason);

        await patient.SubmitAsync("imaging-checks", TestEngine.Surgeon);
        await patient.SignConsentAsync();
        Assert.Equal(["day-of-verification"], (await patient.OpenTasksAsync()).Select(t => t.StepId));
    }

    [Fact]
    public async Task A_change_that_does_not_touch_the_consent_keeps_it_active()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.SignConsentAsync();

        await test.Runtime.ChangeCaseAsync(patient.InstanceId, new CaseChange(ScheduledStart: ProcedureStart.AddDays(1)), TestEngine.Nurse, CancellationToken.None);

        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        Assert.Equal(ConsentStatus.Active, (await db.Consents.SingleAsync()).Status);
    }

    [Fact]
    public async Task Withdrawal_of_consent_ends_the_workflow_as_withdrawn_and_closes_every_task()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.SignConsentAsync();

        var readiness = await test.Runtime.WithdrawConsentAsync(patient.InstanceId, TestEngine.Patient, "changed my mind", CancellationToken.None);

        Assert.Equal(ReadinessState.Blocked, readiness.State);
        Assert.Equal("Withdrawn", readiness.InstanceStatus);
        Assert.Empty(await patient.OpenTasksAsync());
        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        Assert.Equal(ConsentStatus.Inactive, (await db.Consents.SingleAsync()).Status);
        Assert.Equal(0, await db.Timers.CountAsync(t => t.Status == TimerStatus.Pending));
    }

    [Fact]
    public async Task The_tablets_withdrawal_needs_a_signed_consent_and_is_otherwise_refused_without_change()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        var openBefore = (await patient.OpenTasksAsync()).Select(t => t.StepId).Order().ToList();

        var refused = await Assert.ThrowsAsync<ConflictException>(() =>
            test.Runtime.WithdrawSignedConsentAsync(patient.InstanceId, TestEngine.Patient, CancellationToken.None));
        Assert.Contains("no signed consent", refused.Message);
        Assert.Equal("Running", (await patient.ReadinessAsync()).InstanceStatus);
        Assert.Equal(openBefore, (await patient.OpenTasksAsync()).Select(t => t.StepId).Order());

        await patient.SignConsentAsync();
        var readiness = await test.Runtime.WithdrawSignedConsentAsync(patient.InstanceId, TestEngine.Patient, CancellationToken.None);
        Assert.Equal("Withdrawn", readiness.InstanceStatus);
    }

    [Fact]
    public async Task Consent_records_the_journal_hash_at_signing()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.SignConsentAsync();

        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        var consent = await db.Consents.SingleAsync();
        Assert.Equal(ConsentStatus.Active, consent.Status);
        Assert.Matches("^[0-9a-f]{64}$", consent.JournalHashAtSigning!);
        // Signed 4 May at 08:00 in Chicago: valid through the whole of 3 June there, i.e. until 4 June 00:00 CDT.
        Assert.Equal(new DateTime(2026, 5, 4, 13, 0, 0, DateTimeKind.Utc), consent.SignedAtUtc);
        Assert.Equal(new DateTime(2026, 6, 4, 5, 0, 0, DateTimeKind.Utc), consent.ExpiresAtUtc);
    }

    [Fact]
    public async Task Publishing_a_revised_template_reopens_consent_for_upcoming_cases_only()
    {
        // The performed case was booked and consented before its date, like any other; then its day passed.
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-12));
        var performed = await PeldCase.StartAsync(test, ProcedureStart.AddDays(-9));
        await performed.SignConsentAsync();
        test.Clock.Now = ProcedureStart.AddDays(-8);
        var upcoming = await PeldCase.StartAsync(test, ProcedureStart);
        await upcoming.SignConsentAsync();

        var affected = await test.Runtime.ReportConsentConcernForUpcomingCasesAsync("templateRevised", TestEngine.Admin, CancellationToken.None);

        Assert.Equal(1, affected);
        Assert.NotNull(await upcoming.FindTaskAsync("consent-discussion"));
        Assert.Null(await performed.FindTaskAsync("consent-discussion"));
    }

    [Fact]
    public async Task A_legally_authorized_representative_signs_with_a_meaning_of_their_own()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.SubmitAsync("consent-discussion", TestEngine.Surgeon, new JsonObject
        {
            ["hasCapacity"] = false, ["signer"] = "legalRepresentative", ["representativeRelationship"] = "Son",
            ["representativeAuthority"] = "Court-appointed guardian, order on file",
        });
        await patient.SubmitAsync("teach-back", TestEngine.Patient);

        var signature = await patient.TaskAsync("consent-signature", "patient");
        Assert.StartsWith("I am the patient's legally authorized representative.", signature.Reason);

        await patient.SubmitAsync("consent-signature", TestEngine.Patient, signer: "patient");
        await patient.SubmitAsync("consent-signature", TestEngine.Witness, signer: "witness");
        await patient.SubmitAsync("consent-signature", TestEngine.Surgeon, signer: "surgeon");
        var facts = await test.Runtime.GetSignedConsentAsync(patient.InstanceId, "en", CancellationToken.None);
        Assert.StartsWith("I am the patient's legally authorized representative.", facts!.Signatures[0].Meaning);
    }
}
