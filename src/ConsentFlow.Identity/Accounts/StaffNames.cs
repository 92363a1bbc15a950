using ConsentFlow.Identity.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFlow.Identity.Accounts;

/// <summary>
/// Account id → the person's display name ("Dr. Maya Okafor"): the journal and the publication records keep ids only.
/// Sentences add the capacity the person acted in, so the professional title is left out. An id of no account (a
/// deployment from the workflows folder) stays as it is.
/// </summary>
public sealed class StaffNames(IServiceProvider services)
{
    // Optional so a host without staff accounts (a component test) still shows something: the ids.
    private IDbContextFactory<IdentityStoreContext>? Accounts => services.GetService<IDbContextFactory<IdentityStoreContext>>();

    public async Task<IReadOnlyDictionary<string, string>> AllAsync(CancellationToken cancellationToken)
    {
        if (Accounts is not { } accounts) return new Dictionary<string, string>();
        await using var db = await accounts.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, string>> ForAsync(IEnumerable<string?> accountIds, CancellationToken cancellationToken = default)
    {
        var wanted = accountIds.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Accounts is { } accounts && wanted.Count > 0)
        {
            await using var db = await accounts.CreateDbContextAsync(cancellationToken);
            found = await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        }
        return wanted.ToDictionary(id => id, id => found.TryGetValue(id, out var name) && name.Length > 0 ? name : id, StringComparer.Ordinal);
    }
}
