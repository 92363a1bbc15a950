using ConsentFlow.Identity.Audit;

namespace ConsentFlow.Web.Security;

/// <summary>
/// Audits reads of patient data (HIPAA audit controls): who, when, which case, which resource. Recorded after a
/// successful answer, through the background queue, so the request never waits for the audit write.
/// </summary>
public static class AccessAuditing
{
    public static TBuilder AuditsAccess<TBuilder>(this TBuilder builder, AccessKind kind) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var http = context.HttpContext;
            if (http.Response.StatusCode < 400 && result is not IStatusCodeHttpResult { StatusCode: >= 400 })
                await RecordAsync(http, kind, InstanceFromRoute(http));
            return result;
        });

    public static ValueTask RecordAsync(HttpContext http, AccessKind kind, Guid? instanceId) =>
        http.RequestServices.GetRequiredService<AccessAudit>().RecordAsync(
            new AccessEvent(kind, http.User.Id(), http.User.Channel(), instanceId, Subject: http.Request.Path.Value), http.RequestAborted);

    private static Guid? InstanceFromRoute(HttpContext http) =>
        Guid.TryParse(http.Request.RouteValues["instanceId"]?.ToString(), out var id) ? id : null;
}
