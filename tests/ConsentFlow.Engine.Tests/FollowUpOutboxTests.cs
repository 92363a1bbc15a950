using ConsentFlow.Engine.FollowUps;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Tests;

/// <summary>
/// Issue 11, crash recovery: the signed document's outbox item commits with the last signature, and a lease lets exactly
/// one of several processes carry it out, a crashed holder's lease running out for another to take over.
/// </summary>
public sealed class FollowUpOutboxTests
{
    private static readonly DateTimeOffset ProcedureStart = new(2026, 5, 20, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_last_signature_commits_a_pending_document_item_for_its_consent()
    {
        await using var test = await TestEngine.StartAsync();
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.SignConsentAsync();

        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        var consent = await db.Consents.SingleAsync(c => c.InstanceId == patient.InstanceId && c.Status == ConsentStatus.Active);
        var item = await db.FollowUps.SingleAsync(f => f.InstanceId == patient.InstanceId);
        Assert.Equal((FollowUpKinds.ConsentDocument, consent.Id, FollowUpStatus.Pending), (item.Kind, item.SubjectId, item.Status));
    }

    [Fact]
    public async Task Two_nodes_never_hold_one_item_and_a_crashed_holders_lease_runs_out_for_the_other()
    {
        await using var test = await TestEngine.StartAsync();
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.SignConsentAsync();
        var nodeA = new FollowUpQueue(test.Engine.Contexts, test.Clock);
        var nodeB = new FollowUpQueue(test.Engine.Contexts, test.Clock);
        Assert.Empty(await nodeA.DueAsync(10, CancellationToken.None)); // the committing request has it first
        test.Clock.Now += FollowUpQueue.InlineGrace;
        var id = Assert.Single(await nodeA.DueAsync(10, CancellationToken.None));

        var leaseA = await nodeA.TryLeaseAsync(id, CancellationToken.None);
        Assert.NotNull(leaseA);
        Assert.Null(await nodeB.TryLeaseAsync(id, CancellationToken.None));
        Assert.Empty(await nodeB.DueAsync(10, CancellationToken.None));

        test.Clock.Now += FollowUpQueue.LeaseDuration + TimeSpan.FromSeconds(1); // node A hangs or died
        var leaseB = await nodeB.TryLeaseAsync(id, CancellationToken.None);
        Assert.NotNull(leaseB);

        // Node A wakes up and tries to finish: its work is rolled back; node B's completes.
        await Assert.ThrowsAsync<FollowUpLeaseLostException>(() => CompleteAsync(test, leaseA!));
        await CompleteAsync(test, leaseB!);
        await Assert.ThrowsAsync<FollowUpLeaseLostException>(() => CompleteAsync(test, leaseB!)); // done is done

        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        Assert.Equal(FollowUpStatus.Done, (await db.FollowUps.SingleAsync(f => f.Id == id)).Status);
        Assert.Empty(await nodeA.DueAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_item_waits_for_its_backoff_before_it_is_due_again()
    {
        await using var test = await TestEngine.StartAsync();
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.SignConsentAsync();
        var queue = new FollowUpQueue(test.Engine.Contexts, test.Clock);
        test.Clock.Now += FollowUpQueue.InlineGrace;
        var id = Assert.Single(await queue.DueAsync(10, CancellationToken.None));

        var backoff = await queue.FailAsync((await queue.TryLeaseAsync(id, CancellationToken.None))!, "System.IO.IOException", CancellationToken.None);
        Assert.Equal(TimeSpan.FromSeconds(5), backoff);
        Assert.Empty(await queue.DueAsync(10, CancellationToken.None));
        test.Clock.Now += backoff;
        var second = await queue.TryLeaseAsync(Assert.Single(await queue.DueAsync(10, CancellationToken.None)), CancellationToken.None);
        Assert.Equal(TimeSpan.FromSeconds(10), await queue.FailAsync(second!, "System.IO.IOException", CancellationToken.None));
        Assert.Equal(FollowUpQueue.MaxBackoff, FollowUpQueue.Backoff(30));
    }

    private static async Task CompleteAsync(TestEngine test, FollowUpLease lease)
    {
        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await test.Engine.FollowUps.CompleteWithinAsync(db, lease, CancellationToken.None);
        await transaction.CommitAsync();
    }
}
