using ConsentFlow.Identity.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Web.Components.Timeline;

/// <summary>
/// Account id → the person's display name ("Dr. Maya Okafor"): the journal keeps ids only. Sentences add the capacity
/// they acted in, so the professional title (which may itself name a role) is left out.
/// </summary>
public sealed class StaffNames(IDbContextFactory<IdentityStoreContext> contexts)
{
    public async Task<IReadOnlyDictionary<string, string>> AllAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
    }
}
