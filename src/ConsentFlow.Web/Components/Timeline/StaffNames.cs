using ConsentFlow.Identity.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Web.Components.Timeline;

/// <summary>Account id → the name a signature block prints ("Dr. Maya Okafor, MD"): the journal keeps ids only.</summary>
public sealed class StaffNames(IDbContextFactory<IdentityStoreContext> contexts)
{
    public async Task<IReadOnlyDictionary<string, string>> AllAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var people = await db.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName, u.ProfessionalTitle }).ToListAsync(cancellationToken);
        return people.ToDictionary(p => p.Id, p => string.IsNullOrEmpty(p.ProfessionalTitle) ? p.DisplayName : $"{p.DisplayName}, {p.ProfessionalTitle}");
    }
}
