using ConsentFlow.Engine.Storage;
using ConsentFlow.Engine.Tests.Cli;
using ConsentFlow.Engine.Tests.Support;
using ConsentFlow.Identity.Storage;
using ConsentFlow.Storage.PostgreSql;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Tests;

/// <summary>
/// PostgreSQL, the third provider: a real server we can run in tests and CI (./test.sh starts one), standing in for
/// the multi-process promises SQL Server makes in production.
/// </summary>
public sealed class PostgreSqlStorageTests
{
    private static readonly DateTimeOffset ProcedureStart = new(2026, 5, 12, 8, 0, 0, TimeSpan.FromHours(-5));

    [Fact]
    public void The_postgresql_provider_has_migrations_for_the_current_models()
    {
        var storage = new PostgreSqlStorage("Host=unused;Database=consentflow");
        using DbContext workflow = DatabaseSetup.CreateContext(storage), identity = IdentityStoreSetup.CreateContext(storage);
        foreach (var db in new[] { workflow, identity })
        {
            Assert.NotEmpty(db.Database.GetMigrations());
            Assert.False(db.Database.HasPendingModelChanges(), $"PostgreSqlStorage/{db.GetType().Name}: the model changed without a migration");
        }
    }

    [Fact]
    public async Task Both_contexts_migrate_on_a_fresh_database_each_keeping_its_own_history()
    {
        await using var test = await TestEngine.StartOnPostgresAsync(ProcedureStart.AddDays(-8));
        await using var identity = IdentityStoreSetup.CreateContext(test.Storage);
        await identity.Database.MigrateAsync();
        await using var workflow = await test.Engine.Contexts.CreateDbContextAsync();

        var workflowHistory = (await workflow.Database.GetAppliedMigrationsAsync()).ToList();
        var identityHistory = (await identity.Database.GetAppliedMigrationsAsync()).ToList();
        Assert.Equal(workflow.Database.GetMigrations(), workflowHistory);
        Assert.Equal(identity.Database.GetMigrations(), identityHistory);
        Assert.Empty(workflowHistory.Intersect(identityHistory));
    }

    [Fact]
    public async Task A_signed_consent_keeps_its_utc_times_and_the_cli_verifies_the_journal()
    {
        await using var test = await TestEngine.StartOnPostgresAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.SignConsentAsync();

        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        var consent = await db.Consents.AsNoTracking().SingleAsync();
        Assert.Equal(DateTimeKind.Utc, consent.ExpiresAtUtc!.Value.Kind);
        var patientCase = await db.Cases.AsNoTracking().SingleAsync();
        Assert.Equal(ProcedureStart.UtcDateTime, patientCase.ScheduledStartUtc);
        Assert.Equal(DateTimeKind.Utc, patientCase.ScheduledStartUtc.Kind);

        // The journal's hashes cover its timestamps: they verify only if every instant came back exactly as written.
        var run = await CliRun.RunAsync("journal", "verify", "--postgres", test.Storage.ConnectionString);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("OK: journal intact", run.Out);
    }

    [Fact]
    public async Task Two_engines_on_one_database_fire_a_consent_expiry_only_once()
    {
        await using var test = await TestEngine.StartOnPostgresAsync(ProcedureStart.AddDays(-35));
        await TimerTests.ConsentExpiryFiresOnceWithTwoEnginesAsync(test);
    }
}
