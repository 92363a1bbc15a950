using System.Text.Json;
using ConsentFlow.Documents.Sealing;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Identity.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ConsentFlow.Web.Hosting;

/// <summary>
/// <c>/health/live</c> (the process answers) and <c>/health/ready</c> (the database answers, its schema is current, the
/// seal certificate is valid); both public, so they name checks and states, never data.
/// </summary>
public static class HealthEndpoints
{
    public static IServiceCollection AddConsentFlowHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<PendingMigrationsHealthCheck<ConsentFlowDbContext>>("migrations", tags: ["ready"])
            .AddCheck<PendingMigrationsHealthCheck<IdentityStoreContext>>("identity-migrations", tags: ["ready"])
            .AddCheck<SealCertificateHealthCheck>("seal-certificate", tags: ["ready"]);
        return services;
    }

    public static void MapConsentFlowHealthChecks(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        routes.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = WriteJsonAsync }).AllowAnonymous();
    }

    /// <summary>The overall state and each check's state and sentence; failures say their exception type, never a message.</summary>
    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description ?? e.Value.Exception?.GetType().Name,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        }, JsonSerializerOptions.Web));
    }

    private sealed class DatabaseHealthCheck(IDbContextFactory<ConsentFlowDbContext> contexts) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return await db.Database.CanConnectAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The database does not answer.");
        }
    }
}

/// <summary>Not ready while the database lacks a migration this build expects (a node started before the schema was upgraded).</summary>
public sealed class PendingMigrationsHealthCheck<TContext>(IDbContextFactory<TContext> contexts) : IHealthCheck where TContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        return pending.Count == 0
            ? HealthCheckResult.Healthy("Schema is current.")
            : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) pending: apply them before this node takes traffic.");
    }
}

/// <summary>
/// The certificate every signed document is sealed with: unhealthy when it is missing, not yet valid or expired
/// (no document could be sealed), degraded within <see cref="RenewalWindow"/> of expiry so operators renew it in time.
/// </summary>
public sealed class SealCertificateHealthCheck(IServiceProvider services, TimeProvider clock) : IHealthCheck
{
    public static readonly TimeSpan RenewalWindow = TimeSpan.FromDays(30);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ClinicCertificate seal;
        try
        {
            seal = services.GetRequiredService<ClinicCertificate>();
        }
        catch (Exception unreadable) when (unreadable is not OperationCanceledException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"The seal certificate could not be loaded ({unreadable.GetType().Name})."));
        }
        return Task.FromResult(Check(seal, clock.GetUtcNow()));
    }

    public static HealthCheckResult Check(ClinicCertificate seal, DateTimeOffset now)
    {
        var notBefore = new DateTimeOffset(seal.Certificate.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(seal.Certificate.NotAfter.ToUniversalTime());
        var until = $"valid until {notAfter:yyyy-MM-dd}";
        if (now < notBefore) return HealthCheckResult.Unhealthy($"The seal certificate is not valid before {notBefore:yyyy-MM-dd}.");
        if (now >= notAfter) return HealthCheckResult.Unhealthy($"The seal certificate expired on {notAfter:yyyy-MM-dd}.");
        if (notAfter - now <= RenewalWindow) return HealthCheckResult.Degraded($"The seal certificate expires soon: {until}; renew it.");
        return HealthCheckResult.Healthy($"Seal certificate {until}.");
    }
}
