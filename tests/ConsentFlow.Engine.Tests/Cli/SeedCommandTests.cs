using ConsentFlow.Engine.Journal;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Storage.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Tests.Cli;

public sealed class SeedCommandTests
{
    [Fact]
    public async Task Seeding_writes_valid_cases_through_the_engine_at_every_stage()
    {
        using var folder = new TempFolder();
        var file = folder.File("busy.db");
        var run = await CliRun.RunAsync("seed", "--db", file, "--cases", "150", "--days-back", "30", "--days-ahead", "20");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Seeded 150 cases", run.Out);

        var engine = await ConsentFlowEngine.OpenAsync(SqliteStorage.File(file), TimeProvider.System, CancellationToken.None);
        await using var db = await engine.Contexts.CreateDbContextAsync();
        Assert.Equal(150, await db.Instances.CountAsync());
        Assert.Equal(150, await db.CaseReadiness.CountAsync());
        var patients = await db.Patients.CountAsync();
        Assert.InRange(patients, 100, 149); // some patients come back for another episode
        var states = await db.CaseReadiness.Select(r => r.State).Distinct().ToListAsync();
        Assert.Equal(["Blocked", "Done", "Waiting"], states.Order());
        Assert.Contains(await db.Instances.Select(i => i.Status).Distinct().ToListAsync(), s => s == InstanceStatus.Completed);

        // The read model agrees with readiness computed from each instance, and the journal's chains hold.
        foreach (var row in await db.CaseReadiness.AsNoTracking().OrderBy(r => r.SortKey).Take(60).ToListAsync())
            Assert.Equal(row.State, (await engine.Runtime.GetReadinessAsync(row.InstanceId, "en", CancellationToken.None)).State.ToString());
        Assert.True((await JournalVerifier.VerifyAsync(db, CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task Seeding_without_a_case_count_is_a_usage_error()
    {
        using var folder = new TempFolder();
        var run = await CliRun.RunAsync("seed", "--db", folder.File("x.db"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--cases", run.Error);
    }
}
