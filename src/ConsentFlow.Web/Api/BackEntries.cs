using System.Security.Claims;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Identity.Accounts;
using ConsentFlow.Web.Security;

namespace ConsentFlow.Web.Api;

/// <summary>
/// A back-entry (a start outside the booking window) is an administrator's decision. Administrators do not book cases
/// (access.md), so the flag takes a person who holds both roles; the journal records the entry with that person.
/// </summary>
public static class BackEntries
{
    public static StartCaseRequest AuthorizedFor(this StartCaseRequest request, ClaimsPrincipal user)
    {
        if (request.BackEntry) Demand(user);
        return request;
    }

    public static CaseChange AuthorizedFor(this CaseChange change, ClaimsPrincipal user)
    {
        if (change.BackEntry) Demand(user);
        return change;
    }

    private static void Demand(ClaimsPrincipal user)
    {
        if (!user.StaffRoles().Contains(StaffRoles.Administrator))
            throw new ForbiddenException("backEntry: only an administrator may record a case outside the booking window.");
    }
}
