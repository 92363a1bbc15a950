using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ConsentFlow.Documents.Sealing;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Storage.Sqlite;
using ConsentFlow.Web.Hosting;
using ConsentFlow.Web.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ConsentFlow.Web.Tests.Operations;

/// <summary>Issue 11: /health/ready covers the database, pending migrations and the seal certificate's expiry.</summary>
[Collection(AppCollection.Name)]
public sealed class ReadinessTests(RunningApp app)
{
    [Fact]
    public async Task A_started_app_is_ready_and_names_each_check_without_data()
    {
        var ready = await app.Anonymous().GetJsonAsync("/health/ready");
        Assert.Equal("Healthy", ready["status"]!.GetValue<string>());
        foreach (var check in new[] { "database", "migrations", "identity-migrations", "seal-certificate" })
            Assert.Equal("Healthy", ready["checks"]![check]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_database_with_migrations_still_to_apply_is_not_ready_until_they_are_applied()
    {
        var file = Path.Combine(Path.GetTempPath(), "consentflow-readiness-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            var storage = SqliteStorage.File(file);
            var builder = new DbContextOptionsBuilder<ConsentFlowDbContext>();
            DatabaseSetup.Configure(builder, storage);
            var contexts = new PooledDbContextFactory<ConsentFlowDbContext>(builder.Options);
            var check = new PendingMigrationsHealthCheck<ConsentFlowDbContext>(contexts);

            Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
            await DatabaseSetup.MigrateAsync(contexts, storage, CancellationToken.None);
            Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(-400, -1, HealthStatus.Unhealthy)]   // expired yesterday
    [InlineData(-400, 10, HealthStatus.Degraded)]    // ten days left: renew now
    [InlineData(-400, 29, HealthStatus.Degraded)]
    [InlineData(-400, 31, HealthStatus.Healthy)]
    [InlineData(-400, 365, HealthStatus.Healthy)]
    [InlineData(2, 365, HealthStatus.Unhealthy)]     // not valid yet
    public void The_seal_certificate_is_checked_against_its_validity_and_a_30_day_renewal_window(int validFromDays, int validToDays, HealthStatus expected)
    {
        var now = DateTimeOffset.UtcNow;
        using var seal = ClinicCertificate.FromCertificate(SelfSigned(now.AddDays(validFromDays), now.AddDays(validToDays)));
        Assert.Equal(expected, SealCertificateHealthCheck.Check(seal, now).Status);
    }

    private static X509Certificate2 SelfSigned(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Readiness test seal", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(notBefore, notAfter);
    }
}
