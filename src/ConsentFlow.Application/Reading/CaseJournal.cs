using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Application.Reading;

/// <summary>One entry of a case's audit trail: who (account id and capacity) did what, when, with what data.</summary>
public sealed record JournalLine(long Sequence, DateTime AtUtc, string Action, string? StepId, string ActorId, string Role, string Details);

/// <summary>Reads a case's journal in order; the journal itself stays append-only and hash-chained.</summary>
public sealed class CaseJournal(IDbContextFactory<ConsentFlowDbContext> contexts)
{
    public async Task<IReadOnlyList<JournalLine>> ReadAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Instances.AnyAsync(i => i.Id == instanceId, cancellationToken)) throw new NotFoundException($"Workflow instance {instanceId}");
        return await db.Journal.AsNoTracking().Where(e => e.InstanceId == instanceId).OrderBy(e => e.Sequence)
            .Select(e => new JournalLine(e.Sequence, e.AtUtc, e.Action, e.StepId, e.Actor, e.Role, e.DetailsJson))
            .ToListAsync(cancellationToken);
    }
}
