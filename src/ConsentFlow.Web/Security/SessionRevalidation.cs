using System.Security.Claims;
using ConsentFlow.Identity.Accounts;
using ConsentFlow.Identity.Kiosk;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ConsentFlow.Web.Security;

/// <summary>
/// A Blazor circuit outlives the request that opened it, so the cookie checks alone would let a disabled account, a
/// changed password or an ended tablet session keep working in an open tab. Every minute (by default) the circuit's person is
/// checked again; when the check fails the circuit loses its identity and every page and action refuses.
/// </summary>
public sealed class SessionRevalidation(
    ILoggerFactory logging, IServiceScopeFactory scopes, IOptions<IdentityOptions> identity, IOptions<SecurityOptions> security, KioskSessions kiosks)
    : RevalidatingServerAuthenticationStateProvider(logging)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(security.Value.RevalidationSeconds);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        var user = state.User;
        if (user.Identity?.IsAuthenticated != true) return true;
        if (user.IsKiosk())
            return user.KioskSessionId() is { } session && await kiosks.FindActiveAsync(session, cancellationToken) is { Locked: false };

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var account = await users.FindByIdAsync(user.Id());
        if (account is null || account.Disabled) return false;
        // Password sign-ins carry the security stamp; single sign-on sessions have none and rest on the disabled flag.
        var stamp = user.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp is null || stamp == await users.GetSecurityStampAsync(account);
    }
}
