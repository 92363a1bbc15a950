using System.Text.Json.Nodes;
using ConsentFlow.Application.FollowUps;
using ConsentFlow.Engine.FollowUps;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Web.Tests.Operations;

/// <summary>The follow-up worker carries each item out once: replays and leftovers never add a document version.</summary>
[Collection(AppCollection.Name)]
public sealed class FollowUpWorkerTests(RunningApp app)
{
    [Fact]
    public async Task The_last_signature_answers_with_its_document_and_leaves_its_item_done()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        var signed = await patientCase.SignConsentAsync();
        Assert.False(signed["documentPending"]!.GetValue<bool>());

        await using var db = await Contexts.CreateDbContextAsync();
        var item = await db.FollowUps.SingleAsync(f => f.InstanceId == patientCase.InstanceId);
        Assert.Equal(FollowUpStatus.Done, item.Status);
    }

    [Fact]
    public async Task An_item_left_pending_after_its_document_was_stored_is_closed_without_a_second_version()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        await patientCase.SignConsentAsync();
        // As if the process died after storing the document but before the item was marked: the item is pending again.
        await using (var db = await Contexts.CreateDbContextAsync())
            await db.FollowUps.Where(f => f.InstanceId == patientCase.InstanceId)
                .ExecuteUpdateAsync(set => set.SetProperty(f => f.Status, FollowUpStatus.Pending).SetProperty(f => f.LeaseExpiresAtUtc, (DateTime?)null)
                    .SetProperty(f => f.NextAttemptAtUtc, DateTime.UtcNow.AddSeconds(-1)));

        await app.Services.GetRequiredService<FollowUpRunner>().RunDueAsync(CancellationToken.None);
        await app.Services.GetRequiredService<FollowUpRunner>().RunDueAsync(CancellationToken.None);

        var documents = (JsonArray)await (await app.ClientAsync(CaseDriver.Nurse)).GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}/documents");
        Assert.Single(documents);
        await using var check = await Contexts.CreateDbContextAsync();
        Assert.Equal(FollowUpStatus.Done, (await check.FollowUps.SingleAsync(f => f.InstanceId == patientCase.InstanceId)).Status);
    }

    private IDbContextFactory<ConsentFlowDbContext> Contexts => app.Services.GetRequiredService<IDbContextFactory<ConsentFlowDbContext>>();
}
