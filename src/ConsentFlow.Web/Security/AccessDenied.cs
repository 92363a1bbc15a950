using System.Net.Mime;

namespace ConsentFlow.Web.Security;

/// <summary>
/// The answer to a signed-in caller who may not do this: always 403 (never a redirect that a kiosk could follow),
/// problem details for the API, a short page for a browser.
/// </summary>
public static class AccessDenied
{
    public static async Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.Headers.CacheControl = "no-store";
        if (Fhir.FhirErrorOutcomes.WantsOutcome(context))
        {
            await Fhir.FhirErrorOutcomes.WriteAsync(context, StatusCodes.Status403Forbidden);
            return;
        }
        if (SecurityServiceCollectionExtensions.IsApi(context.Request))
        {
            await Results.Problem(statusCode: 403, title: "Forbidden", detail: "Your account may not do this.").ExecuteAsync(context);
            return;
        }
        context.Response.ContentType = MediaTypeNames.Text.Html;
        var back = context.User.IsKiosk() ? "/kiosk" : "/";
        await context.Response.WriteAsync($"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Not allowed · ConsentFlow</title></head>
            <body style="font-family:system-ui,sans-serif;margin:3rem"><h1>Not allowed</h1>
            <p>This page is not available to you.</p><p><a href="{back}">Go back</a></p></body></html>
            """);
    }
}
