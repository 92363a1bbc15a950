using ConsentFlow.Engine.Forms;
using ConsentFlow.Engine.Journal;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Publishing;

/// <summary>An override as the studio shows it.</summary>
public sealed record PublicationOverrideView(Guid Id, string DefinitionId, string DraftSha256, string Reason, IReadOnlyList<string> FailingScenarios,
    PublicationOverrideStatus Status, string RequestedBy, DateTime RequestedAtUtc, string? ApprovedBy, DateTime? ApprovedAtUtc);

/// <summary>
/// Publishing a draft whose scenarios fail takes two administrators: one asks with a reason, a different one approves.
/// Both acts are journaled; the host confirms each person's password before calling.
/// </summary>
public sealed class PublicationOverrides(IDbContextFactory<ConsentFlowDbContext> contexts, PublicationScenarios scenarios, TimeProvider clock)
{
    public async Task<PublicationOverrideView> RequestAsync(string definitionId, string json, string? reason, Actor actor, CancellationToken cancellationToken)
    {
        var definition = Publications.Parse(json);
        if (definition.Id != definitionId)
            throw new FormValidationException("override", [new FieldError("definition", $"is workflow '{definition.Id}', not '{definitionId}'")]);
        var why = Publications.RequiredNote(reason, "reason");
        var report = await scenarios.RunAsync(json, cancellationToken);
        if (report.Passed) throw new RejectedException("Every scenario passes: this draft needs no override.");

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var request = new PublicationOverride
        {
            Id = Ids.New(), DefinitionId = definition.Id, DraftSha256 = report.DraftSha256, Reason = why,
            FailingScenarios = string.Join('\n', report.Scenarios.Where(s => !s.Passed).Select(s => s.Name).Concat(report.FileProblems)),
            Status = PublicationOverrideStatus.Pending, RequestedBy = actor.Id, RequestedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.Set<PublicationOverride>().Add(request);
        var journal = new JournalWriter(db, clock);
        journal.Record(JournalStreams.Definitions, null, null, actor, "definition.override.requested",
            new { @override = request.Id, definition = definition.Id, sha256 = request.DraftSha256, reason = why, failed = report.FailedCount }, definition.Id);
        await journal.ChainAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return View(request);
    }

    public async Task<PublicationOverrideView> ApproveAsync(Guid overrideId, Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var request = await db.Set<PublicationOverride>().FirstOrDefaultAsync(o => o.Id == overrideId, cancellationToken)
            ?? throw new NotFoundException($"Override {overrideId}");
        if (request.RequestedBy == actor.Id)
            throw new RejectedException("A second, different administrator must approve the override; the one who asked for it may not.");
        if (request.Status != PublicationOverrideStatus.Pending) throw new RejectedException($"The override is already {request.Status.ToString().ToLowerInvariant()}.");
        request.Status = PublicationOverrideStatus.Approved;
        request.ApprovedBy = actor.Id;
        request.ApprovedAtUtc = clock.GetUtcNow().UtcDateTime;
        request.Version++;
        var journal = new JournalWriter(db, clock);
        journal.Record(JournalStreams.Definitions, null, null, actor, "definition.override.approved",
            new { @override = request.Id, definition = request.DefinitionId, sha256 = request.DraftSha256, requestedBy = request.RequestedBy }, request.DefinitionId);
        await journal.ChainAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("Another administrator acted on this override at the same time; reload it.");
        }
        return View(request);
    }

    /// <summary>The overrides asked for a workflow that are not used yet, newest first.</summary>
    public async Task<IReadOnlyList<PublicationOverrideView>> OpenAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var open = await db.Set<PublicationOverride>().AsNoTracking()
            .Where(o => o.DefinitionId == definitionId && o.Status != PublicationOverrideStatus.Used).ToListAsync(cancellationToken);
        return open.OrderByDescending(o => o.RequestedAtUtc).Select(View).ToList();
    }

    private static PublicationOverrideView View(PublicationOverride o) => new(o.Id, o.DefinitionId, o.DraftSha256, o.Reason,
        o.FailingScenarios.Split('\n', StringSplitOptions.RemoveEmptyEntries), o.Status, o.RequestedBy, o.RequestedAtUtc, o.ApprovedBy, o.ApprovedAtUtc);
}
