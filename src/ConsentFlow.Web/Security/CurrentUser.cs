using System.Security.Claims;

namespace ConsentFlow.Web.Security;

/// <summary>Reads our claims off an authenticated principal.</summary>
public static class CurrentUser
{
    public static string Id(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The principal has no user id.");

    /// <summary>The name the screens show: the account's display name, else its user name.</summary>
    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(StaffClaimsFactory.DisplayName) ?? user.Identity?.Name ?? "";

    public static string Channel(this ClaimsPrincipal user) => user.FindFirstValue(ClaimNames.Channel) ?? Channels.Cookie;

    public static IReadOnlyList<string> StaffRoles(this ClaimsPrincipal user) =>
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).Where(Identity.Accounts.StaffRoles.IsKnown).Distinct().ToList();

    /// <summary>The person as the journal records them: their account id and the first of their roles that <paramref name="policy"/> allows.</summary>
    public static Engine.Runtime.Actor ActorFor(this ClaimsPrincipal user, string policy)
    {
        var roles = user.StaffRoles();
        var role = Policies.Table.TryGetValue(policy, out var requirement) ? requirement.Roles.FirstOrDefault(roles.Contains) : null;
        return new Engine.Runtime.Actor(user.Id(), role ?? roles.FirstOrDefault() ?? user.Channel());
    }

    public static bool IsKiosk(this ClaimsPrincipal user) => user.Channel() == Channels.Kiosk;

    public static Guid? KioskSessionId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimNames.KioskSession), out var id) ? id : null;

    public static Guid? KioskInstanceId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimNames.KioskInstance), out var id) ? id : null;
}
