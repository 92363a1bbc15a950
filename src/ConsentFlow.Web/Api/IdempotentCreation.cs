using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Web.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ConsentFlow.Web.Api;

/// <summary>
/// The Idempotency-Key contract for every POST that creates something, in one filter: the same key with the same
/// request (same caller, same route, same body) answers the first result, status and body; the same key with another
/// request is 409; a retry arriving while the first still runs waits for it. Without the header nothing changes.
/// Keys are scoped to the caller and the route. Stored results are encrypted with the app's data-protection keys (a
/// new API key's secret is in its result) and kept for a day; password fields never enter the request hash.
/// </summary>
public static class IdempotentCreation
{
    // Longer than the ledger's stale age, so a retry after a node crashed takes the reservation over instead of giving up,
    // and shorter than a client's usual 30 s timeout.
    private static readonly TimeSpan WaitForFirst = IdempotencyLedger.StaleAfter + TimeSpan.FromSeconds(5);

    public static TBuilder WithIdempotency<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(FilterAsync).WithMetadata(new IdempotencyKeyMetadata());

    private static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var clientKey = Preconditions.IdempotencyKey(http.Request.Headers[Preconditions.IdempotencyKeyHeader].FirstOrDefault());
        if (clientKey is null) return await next(context);

        var services = http.RequestServices;
        var ledger = services.GetRequiredService<IdempotencyLedger>();
        var protector = services.GetRequiredService<IDataProtectionProvider>().CreateProtector("ConsentFlow.Idempotency.v1");
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value ?? "";
        var caller = http.User.Identity?.IsAuthenticated == true ? http.User.Id() : "anonymous";
        var key = "http:" + Hash($"{caller}|{http.Request.Method}|{route}|{clientKey}");
        var requestHash = Hash($"{http.Request.Path}|{RequestJson(context, services, json)}");
        var ct = http.RequestAborted;

        for (var waited = TimeSpan.Zero; ; waited += TimeSpan.FromMilliseconds(100))
        {
            switch (await ledger.ReserveAsync(key, requestHash, ct))
            {
                case IdempotencyReservation.Replay replay:
                    return StoredResult.Read(protector.Unprotect(replay.ResultJson));
                case IdempotencyReservation.Mismatch:
                    throw new ConflictException("This Idempotency-Key was already used for a different request.");
                case IdempotencyReservation.InProgress when waited < WaitForFirst:
                    await Task.Delay(100, ct);
                    continue;
                case IdempotencyReservation.InProgress:
                    throw new ConflictException("A request with this Idempotency-Key is still running; retry later.");
            }
            break;
        }

        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            await ledger.ReleaseAsync(key, CancellationToken.None);
            throw;
        }
        if (StoredResult.From(result, json) is { } stored) await ledger.CompleteAsync(key, protector.Protect(stored), CancellationToken.None);
        else await ledger.ReleaseAsync(key, CancellationToken.None);
        return result;
    }

    /// <summary>The bound request as JSON: route values and bodies, not services, the caller, the key itself or any password.</summary>
    private static string RequestJson(EndpointFilterInvocationContext context, IServiceProvider services, JsonSerializerOptions json)
    {
        var isService = services.GetService<IServiceProviderIsService>();
        var parts = new JsonArray();
        foreach (var argument in context.Arguments)
        {
            if (argument is null or CancellationToken or ClaimsPrincipal or HttpContext or HttpRequest or HttpResponse or string) continue;
            if (isService?.IsService(argument.GetType()) == true) continue;
            parts.Add(WithoutPasswords(JsonSerializer.SerializeToNode(argument, argument.GetType(), json)));
        }
        return parts.ToJsonString();
    }

    private static JsonNode? WithoutPasswords(JsonNode? node)
    {
        if (node is JsonObject obj)
            foreach (var property in obj.ToList())
                if (property.Key.Contains("password", StringComparison.OrdinalIgnoreCase)) obj.Remove(property.Key);
                else WithoutPasswords(property.Value);
        else if (node is JsonArray array) foreach (var item in array) WithoutPasswords(item);
        return node;
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>A result as it was answered: status, Location, JSON body.</summary>
    private sealed record StoredResult(int Status, string? Location, string Body)
    {
        public static string? From(object? result, JsonSerializerOptions json)
        {
            int status;
            object? value;
            if (result is IResult answer)
            {
                // A file or a stream is not stored: such a request simply runs again.
                if (answer is not IStatusCodeHttpResult withStatus || answer is IFileHttpResult) return null;
                status = withStatus.StatusCode ?? 200;
                value = (answer as IValueHttpResult)?.Value;
            }
            else (status, value) = (200, result);
            var location = result is null ? null : LocationOf(result);
            if (status >= 500) return null;
            var body = value is null ? "" : JsonSerializer.Serialize(value, value.GetType(), json);
            return JsonSerializer.Serialize(new StoredResult(status, location, body));
        }

        public static IResult Read(string stored)
        {
            var result = JsonSerializer.Deserialize<StoredResult>(stored)!;
            return new Replayed(result);
        }

        private static string? LocationOf(object result) => result.GetType().GetProperty("Location")?.GetValue(result) as string;
    }

    private sealed class Replayed(StoredResult stored) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = stored.Status;
            if (stored.Location is not null) httpContext.Response.Headers.Location = stored.Location;
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            if (stored.Body.Length == 0) return;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            await httpContext.Response.WriteAsync(stored.Body, httpContext.RequestAborted);
        }
    }

    /// <summary>Marks the endpoint in the OpenAPI document and for tests: it honours Idempotency-Key.</summary>
    public sealed class IdempotencyKeyMetadata;
}
