using System.Security.Claims;
using ConsentFlow.Identity.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ConsentFlow.Web.Security;

/// <summary>Adds what the screens show (display name) and how the person signed in to the staff cookie's principal.</summary>
public sealed class StaffClaimsFactory(UserManager<StaffUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<StaffUser, IdentityRole>(users, roles, options)
{
    public const string DisplayName = "cf:display_name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayName, user.DisplayName));
        identity.AddClaim(new Claim(ClaimNames.Channel, Channels.Cookie));
        return identity;
    }
}
