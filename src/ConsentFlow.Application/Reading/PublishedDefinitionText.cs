using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Application.Reading;

/// <summary>The exact text of the newest published version, as a starting point for an administrator's draft.</summary>
public sealed class PublishedDefinitionText(IDbContextFactory<ConsentFlowDbContext> contexts)
{
    public async Task<string?> LatestAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Definitions.AsNoTracking()
            .Where(d => d.DefinitionId == definitionId && d.State == DefinitionState.Published)
            .OrderByDescending(d => d.Version).Select(d => d.Json).FirstOrDefaultAsync(cancellationToken);
    }
}
