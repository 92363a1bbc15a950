using ConsentFlow.Application.Documents;
using ConsentFlow.Identity.Audit;
using ConsentFlow.Identity.Kiosk;
using Microsoft.Net.Http.Headers;

namespace ConsentFlow.Web.Security;

/// <summary>
/// <c>GET /copy/{token}</c>: the patient's own copy of their signed consent (<see cref="PatientCopies"/>), opened from the link or QR code the
/// tablet showed after signing. Anyone holding the token may use it (the patient's phone has no account), so it is
/// anonymous, rate limited, works once and for a short time, and the URL carries nothing but the random token.
/// </summary>
public static class PatientCopyEndpoints
{
    public const string Prefix = "/copy/";

    public static string PathFor(string token) => Prefix + token;

    public static IEndpointRouteBuilder MapPatientCopy(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Prefix + "{token}", async (string token, PatientCopyLinks links, PatientCopies copies, AccessAudit audit, HttpResponse response,
            CancellationToken ct) =>
        {
            response.Headers[HeaderNames.CacheControl] = "no-store";
            response.Headers["X-Robots-Tag"] = "noindex";
            var link = await links.PeekAsync(token, ct);
            switch (link.State)
            {
                case CopyLinkState.Unknown:
                    return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "This link is not a copy link of this clinic.");
                case CopyLinkState.Used or CopyLinkState.Expired:
                    return Results.Problem(statusCode: StatusCodes.Status410Gone, title: "Link no longer valid",
                        detail: "Each copy link opens once and for 15 minutes. Ask the staff for your copy.");
            }
            // The copy of what the patient signed exists from their signature on; the sealed document replaces it once archived.
            if (await copies.ForInstanceAsync(link.InstanceId, ct) is not { } copy)
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not ready yet",
                    detail: "There is no signed consent to copy yet. Try the link again in a few minutes.");
            if (!await links.UseAsync(token, ct))
                return Results.Problem(statusCode: StatusCodes.Status410Gone, title: "Link no longer valid", detail: "This copy link was already used.");
            await audit.RecordAsync(new AccessEvent(AccessKind.DocumentDownloaded, $"kiosk:{link.KioskSessionId:N}:patient-copy", Channels.Kiosk,
                link.InstanceId, Subject: $"copy-link/{link.LinkId}"), ct);
            return Results.File(copy.Pdf, "application/pdf", copy.Sealed ? "consent-copy.pdf" : "consent-patient-copy.pdf");
        }).AllowAnonymous().RequireRateLimiting(SecurityServiceCollectionExtensions.PublicVerificationRateLimit).ExcludeFromDescription();
        return routes;
    }
}
