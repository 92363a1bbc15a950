using ConsentFlow.Identity.Accounts;
using Microsoft.AspNetCore.Identity;

namespace ConsentFlow.Web.Studio.Publishing;

/// <summary>Account ids as the people's names, for "who published" and "who approved"; ids of no account (deployment) stay as they are.</summary>
public sealed class StaffNames(IServiceScopeFactory scopes)
{
    public async Task<IReadOnlyDictionary<string, string>> ForAsync(IEnumerable<string?> accountIds)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in accountIds.OfType<string>().Distinct())
            names[id] = await users.FindByIdAsync(id) is { } user && user.DisplayName.Length > 0 ? user.DisplayName : id;
        return names;
    }
}
