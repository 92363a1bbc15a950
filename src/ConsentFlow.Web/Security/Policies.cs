using ConsentFlow.Identity.ApiKeys;
using Microsoft.AspNetCore.Authorization;
using static ConsentFlow.Identity.Accounts.StaffRoles;

namespace ConsentFlow.Web.Security;

/// <summary>
/// The access policy of access.md, one named policy per row. Pages, endpoints and Blazor actions name these; nothing
/// checks a role string anywhere else.
/// </summary>
public static class Policies
{
    public const string ReadCases = "cases.read";
    public const string ManageCases = "cases.manage";
    public const string WorkTasks = "tasks.work";
    public const string RecordWithdrawal = "cases.withdrawal";
    public const string ReadDocuments = "documents.read";
    public const string ProduceDocuments = "documents.produce";
    public const string DesignWorkflows = "workflows.design";
    public const string ManageUsers = "users.manage";
    public const string StartKiosk = "kiosk.start";
    public const string ReadCaseAudit = "audit.case";
    public const string ReadAccessAudit = "audit.access";
    /// <summary>Any running tablet session: its lock screen and its exit.</summary>
    public const string Kiosk = "kiosk";

    /// <summary>A tablet session that is not locked: the consent flow itself.</summary>
    public const string UnlockedKiosk = "kiosk.unlocked";

    /// <summary>Who may do what: staff roles, and the API key scopes that allow it for a key (a key also needs its user's role).</summary>
    public static readonly IReadOnlyDictionary<string, StaffAccessRequirement> Table = new Dictionary<string, StaffAccessRequirement>
    {
        [ReadCases] = new([Nurse, Surgeon, Anesthesiologist, Scheduler], [ApiKeyScopes.Read]),
        [ManageCases] = new([Nurse, Surgeon, Scheduler], [ApiKeyScopes.Write]),
        [WorkTasks] = new([Nurse, Surgeon, Anesthesiologist], [ApiKeyScopes.Write]),
        [RecordWithdrawal] = new([Nurse, Surgeon, Anesthesiologist], [ApiKeyScopes.Write]),
        [ReadDocuments] = new([Nurse, Surgeon, Anesthesiologist], [ApiKeyScopes.Documents, ApiKeyScopes.Read]),
        [ProduceDocuments] = new([Nurse, Surgeon], [ApiKeyScopes.Documents]),
        [DesignWorkflows] = new([Administrator], []),
        [ManageUsers] = new([Administrator], []),
        [StartKiosk] = new([Nurse, Surgeon], []),
        [ReadCaseAudit] = new([Nurse, Surgeon, Anesthesiologist], []),
        [ReadAccessAudit] = new([Administrator], []),
    };

    public static AuthorizationBuilder AddConsentFlowPolicies(this AuthorizationBuilder authorization)
    {
        foreach (var (name, requirement) in Table)
            authorization.AddPolicy(name, policy => policy.RequireAuthenticatedUser().AddRequirements(requirement));
        authorization.AddPolicy(Kiosk, policy => policy.RequireAuthenticatedUser().RequireClaim(ClaimNames.KioskSession));
        authorization.AddPolicy(UnlockedKiosk, policy => policy.RequireAuthenticatedUser().RequireClaim(ClaimNames.KioskSession)
            .AddRequirements(new UnlockedKioskRequirement()));
        // Anything mapped without a named policy still needs a signed-in person.
        authorization.SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return authorization;
    }
}

/// <summary>Allowed for staff holding one of <see cref="Roles"/>; for an API key, its user must hold the role and the key one of <see cref="Scopes"/>.</summary>
public sealed record StaffAccessRequirement(IReadOnlyList<string> Roles, IReadOnlyList<string> Scopes) : IAuthorizationRequirement;

public sealed class StaffAccessHandler : AuthorizationHandler<StaffAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, StaffAccessRequirement requirement)
    {
        var user = context.User;
        if (user.IsKiosk()) return Task.CompletedTask;
        var hasRole = user.StaffRoles().Any(requirement.Roles.Contains);
        var scopeAllows = user.Channel() != Channels.ApiKey || user.FindAll(ClaimNames.Scope).Any(c => requirement.Scopes.Contains(c.Value));
        if (hasRole && scopeAllows) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>The tablet's session is running and not on its lock screen (checked on the server, not by the page).</summary>
public sealed record UnlockedKioskRequirement : IAuthorizationRequirement;

public sealed class UnlockedKioskHandler(Identity.Kiosk.KioskSessions sessions) : AuthorizationHandler<UnlockedKioskRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, UnlockedKioskRequirement requirement)
    {
        if (context.User.KioskSessionId() is not { } id) return;
        // An HTTP request already has the session its cookie validation loaded; a Blazor circuit asks the database.
        var session = context.Resource is HttpContext http && http.Items[typeof(Identity.Kiosk.KioskView)] is Identity.Kiosk.KioskView loaded
            ? loaded
            : await sessions.FindActiveAsync(id, CancellationToken.None);
        if (session is { Locked: false }) context.Succeed(requirement);
    }
}
