using ConsentFlow.Engine.Storage;
using ConsentFlow.Engine.Tests.Cli;
using ConsentFlow.Storage.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ConsentFlow.Engine.Tests;

public sealed class PatientMigrationTests
{
    [Fact]
    public async Task Cases_from_before_patients_existed_become_one_patient_per_MRN()
    {
        using var folder = new TempFolder();
        var storage = SqliteStorage.File(folder.File("old.db"));
        await using (var db = DatabaseSetup.CreateContext(storage))
        {
            await db.GetService<IMigrator>().MigrateAsync("20261125005608_Initial");
            foreach (var (id, mrn, given, created) in new[]
                     {
                         ("7F3B7C1E-0000-7000-8000-000000000001", "MRN-1", "Avery", "2026-01-01 08:00:00"),
                         ("7F3B7C1E-0000-7000-8000-000000000002", "MRN-1", "Avery", "2026-03-01 08:00:00"),
                         ("7F3B7C1E-0000-7000-8000-000000000003", "MRN-2", "Blake", "2026-02-01 08:00:00"),
                     })
                await db.Database.ExecuteSqlRawAsync("""
                    INSERT INTO "Cases" ("Id", "Mrn", "FamilyName", "GivenName", "BirthDate", "Sex", "Procedure", "Cpt", "Level", "Side", "Approach",
                        "Surgeon", "SedationPlan", "ScheduledStartUtc", "TimeZoneId", "Language", "CreatedAtUtc", "Version")
                    VALUES ({0}, {1}, 'Jordan', {2}, '1968-04-02', 'M', 'PELD', '62380', 'L4-L5', 'left', 'transforaminal', 'Dr. M. Okafor',
                        'moderate', '2026-06-01 13:00:00', 'America/Chicago', 'en', {3}, 0)
                    """, id, mrn, given, created);
        }

        var engine = await ConsentFlowEngine.OpenAsync(storage, TimeProvider.System, CancellationToken.None);
        await using var migrated = await engine.Contexts.CreateDbContextAsync();
        var patients = await migrated.Patients.OrderBy(p => p.Mrn).ToListAsync();
        Assert.Equal(["MRN-1", "MRN-2"], patients.Select(p => p.Mrn));
        Assert.All(patients, p => Assert.Equal(Patient.LocalMrnSystem, p.MrnSystem));
        var cases = await migrated.Cases.ToListAsync();
        Assert.All(cases, c => Assert.Equal(patients.Single(p => p.Mrn == c.Mrn).Id, c.PatientId));
    }
}
