using System.Security.Claims;
using ConsentFlow.Identity.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ConsentFlow.Web.Security;

/// <summary>
/// Turns a person signed in at the clinic's provider into one of our principals: a local account linked to the
/// provider's subject (so the journal's user ids resolve to names) and our roles mapped from the provider's groups.
/// </summary>
public sealed class OidcAccountLinker(UserManager<StaffUser> users, IOptions<OidcOptions> options, TimeProvider clock)
{
    public const string LoginProvider = "oidc";

    public async Task<ClaimsPrincipal?> LinkAsync(ClaimsPrincipal external, string channel, string scheme)
    {
        var subject = external.FindFirstValue("sub") ?? external.FindFirstValue(ClaimTypes.NameIdentifier);
        if (string.IsNullOrEmpty(subject)) return null;
        var user = await users.FindByLoginAsync(LoginProvider, subject) ?? await CreateAsync(external, subject);
        if (user is null || user.Disabled) return null;

        var roles = MappedRoles(external);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id), new(ClaimTypes.Name, user.UserName ?? subject), new(ClaimNames.Channel, channel),
        };
        // Without the provider's auth_time nobody knows when the person last entered credentials: it never counts as a fresh sign-in.
        if (external.FindFirstValue(ClaimNames.AuthTime) is { } authTime) claims.Add(new Claim(ClaimNames.AuthTime, authTime));
        claims.AddRange(roles.Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    private IReadOnlyList<string> MappedRoles(ClaimsPrincipal external)
    {
        var map = options.Value.RoleMap;
        return external.Claims.Where(c => c.Type == options.Value.RoleClaim || c.Type == ClaimTypes.Role || c.Type == "role")
            .Select(c => map.TryGetValue(c.Value, out var ours) ? ours : null)
            .OfType<string>().Where(StaffRoles.IsKnown).Distinct().ToList();
    }

    private async Task<StaffUser?> CreateAsync(ClaimsPrincipal external, string subject)
    {
        var userName = Sanitize(external.FindFirstValue("preferred_username") ?? external.FindFirstValue("email") ?? $"sso-{subject}");
        if (await users.FindByNameAsync(userName) is not null) userName = Sanitize($"sso-{subject}");
        var user = new StaffUser
        {
            UserName = Truncate(userName, 200), DisplayName = Truncate(external.FindFirstValue("name") ?? userName, 200),
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime, LockoutEnabled = true,
        };
        if (!(await users.CreateAsync(user)).Succeeded) return null;
        await users.AddLoginAsync(user, new UserLoginInfo(LoginProvider, subject, "Clinic single sign-on"));
        return user;
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    /// <summary>Provider subjects may hold characters our user names do not allow.</summary>
    private static string Sanitize(string value) =>
        new(value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '@' ? c : '-').ToArray());
}
