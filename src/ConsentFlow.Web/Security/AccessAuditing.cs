using ConsentFlow.Identity.Audit;

namespace ConsentFlow.Web.Security;

/// <summary>
/// Audits reads of patient data (HIPAA audit controls): who, when, which case, which resource. Recorded after a
/// successful answer, through the background queue, so the request never waits for the audit write.
/// A list or search names every case it showed (one audit row each, written by the queue), so the privacy officer's
/// "who viewed this case" finds the board and every search that showed it.
/// </summary>
public static class AccessAuditing
{
    private static readonly object ShownKey = new();

    public static TBuilder AuditsAccess<TBuilder>(this TBuilder builder, AccessKind kind) where TBuilder : IEndpointConventionBuilder =>
        builder.AuditsAccess<TBuilder, object>(kind, _ => null);

    /// <summary>A list read: <paramref name="shown"/> names the cases in the endpoint's answer.</summary>
    public static TBuilder AuditsAccess<TBuilder, TResult>(this TBuilder builder, AccessKind kind, Func<TResult, IEnumerable<Guid>?> shown)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var http = context.HttpContext;
            if (http.Response.StatusCode < 400 && result is not IStatusCodeHttpResult { StatusCode: >= 400 })
            {
                if (Unwrap(result) is TResult answer && shown(answer) is { } cases) Showed(http, cases);
                await RecordAsync(http, kind, InstanceFromRoute(http));
            }
            return result;
        });

    /// <summary>For endpoints that work out themselves which cases their answer showed (FHIR searches).</summary>
    public static void Showed(HttpContext http, IEnumerable<Guid> instanceIds) => http.Items[ShownKey] = instanceIds.ToList();

    public static ValueTask RecordAsync(HttpContext http, AccessKind kind, Guid? instanceId) =>
        http.RequestServices.GetRequiredService<AccessAudit>().RecordAsync(
            new AccessEvent(kind, http.User.Id(), http.User.Channel(), instanceId, Subject: http.Request.Path.Value,
                Shown: http.Items[ShownKey] as IReadOnlyCollection<Guid>), http.RequestAborted);

    /// <summary>The value inside a typed result (Ok&lt;T&gt;), or the handler's plain return value.</summary>
    private static object? Unwrap(object? result) => result is IValueHttpResult valued ? valued.Value : result;

    private static Guid? InstanceFromRoute(HttpContext http) =>
        Guid.TryParse(http.Request.RouteValues["instanceId"]?.ToString(), out var id) ? id : null;
}
