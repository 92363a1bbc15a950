using ConsentFlow.Engine.Runtime;
using ConsentFlow.Identity.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using System.Security.Claims;

namespace ConsentFlow.Web.Security;

/// <summary>
/// Authorizes Blazor actions on the server: a button hidden in the UI is not a check, so every action that changes
/// or reveals something asks this first, with the same policies as the endpoints.
/// </summary>
public sealed class UiGuard(AuthenticationStateProvider authentication, IAuthorizationService authorization, AccessAudit audit)
{
    /// <summary>Audits a read of patient data made through a screen, like the endpoints do for the API.</summary>
    public async Task AuditAsync(AccessKind kind, Guid? instanceId, string subject)
    {
        var user = await UserAsync();
        await audit.RecordAsync(new AccessEvent(kind, user.Id(), user.Channel(), instanceId, subject));
    }

    /// <summary>Audits a list a screen showed (board, inbox, lookup): one audit row per case in it, written off the render path.</summary>
    public async Task AuditShownAsync(AccessKind kind, IEnumerable<Guid> shown, string subject)
    {
        var user = await UserAsync();
        await audit.RecordAsync(new AccessEvent(kind, user.Id(), user.Channel(), null, subject, shown.ToList()));
    }

    public async Task<ClaimsPrincipal> UserAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    public async Task<bool> AllowsAsync(string policy) => (await authorization.AuthorizeAsync(await UserAsync(), policy)).Succeeded;

    /// <summary>The signed-in person, once the policy allows them; otherwise a <see cref="ForbiddenException"/>.</summary>
    public async Task<ClaimsPrincipal> RequireAsync(string policy)
    {
        var user = await UserAsync();
        if (!(await authorization.AuthorizeAsync(user, policy)).Succeeded) throw new ForbiddenException("Your account may not do this.");
        return user;
    }
}
