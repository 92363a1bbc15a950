using System.Security.Claims;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Web.Security;

namespace ConsentFlow.Web.Api;

/// <summary>The administrator's word that the consent text changed in substance, and how many upcoming cases re-consent.</summary>
public sealed record MaterialRevisionBody(string? Password);

public sealed record MaterialRevisionResult(int CasesAskedToReconsent);

/// <summary>
/// Whether a revision of the consent template is material (new risk, changed wording of what the patient agrees to) or
/// editorial is a human judgement, so it is an explicit, re-authenticated act: every case still ahead of its procedure
/// date makes its consent inactive and consents again (domain §1); performed procedures keep theirs.
/// </summary>
public static class ConsentTemplateEndpoints
{
    public const string TemplateRevised = "templateRevised";

    public static void MapConsentTemplateEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/api/v1/consent-template/material-revisions", async (MaterialRevisionBody body, ClaimsPrincipal user, Reauthentication reauthentication,
            WorkflowRuntime runtime, CancellationToken ct) =>
        {
            await reauthentication.ConfirmAsync(user, body.Password, ct);
            var count = await runtime.ReportConsentConcernForUpcomingCasesAsync(TemplateRevised, user.ActorFor(Policies.DesignWorkflows), ct);
            return new MaterialRevisionResult(count);
        }).RequireAuthorization(Policies.DesignWorkflows).WithTags("Definitions")
          .WithSummary("Declare the consent template materially revised: every upcoming case re-consents (administrator, password again)");
}
