using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Tests;

/// <summary>Patients are people, cases are episodes: an MRN on record links a new case to the same person.</summary>
public sealed class PatientTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 12, 13, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_second_case_with_a_known_MRN_belongs_to_the_same_patient()
    {
        await using var test = await TestEngine.StartAsync();
        var first = await test.Runtime.StartAsync(PeldCase.Request(Start), TestEngine.Nurse, CancellationToken.None);
        // Typed in capitals by another scheduler: still the same person.
        var again = PeldCase.Request(Start.AddDays(30), level: "L5-S1") is var r ? r with { Patient = r.Patient with { FamilyName = "AVERY " } } : null!;
        var second = await test.Runtime.StartAsync(again, TestEngine.Nurse, CancellationToken.None);
        var otherSystem = r with { Patient = r.Patient with { MrnSystem = "urn:oid:2.16.840.1.113883.3.999" } };
        var third = await test.Runtime.StartAsync(otherSystem, TestEngine.Nurse, CancellationToken.None);

        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        var patientOf = await db.Cases.ToDictionaryAsync(c => c.Id, c => c.PatientId);
        Assert.Equal(patientOf[first.CaseId], patientOf[second.CaseId]);
        Assert.NotEqual(patientOf[first.CaseId], patientOf[third.CaseId]);
        Assert.Equal(2, await db.Patients.CountAsync());
        var rows = await db.CaseReadiness.Where(x => x.PatientId == patientOf[first.CaseId]).CountAsync();
        Assert.Equal(2, rows);
    }

    [Fact]
    public async Task Two_schedulers_booking_the_same_new_patient_at_once_both_get_a_case_for_one_patient()
    {
        await using var test = await TestEngine.StartAsync();
        // A second engine on the same file is a second app node: its write gate does not serialize with the first.
        var node = await ConsentFlowEngine.OpenAsync(test.Storage, test.Clock, CancellationToken.None);

        var bookings = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            (i % 2 == 0 ? test.Runtime : node.Runtime).StartAsync(PeldCase.Request(Start.AddDays(i)), TestEngine.Nurse, CancellationToken.None)));

        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        Assert.Equal(1, await db.Patients.CountAsync());
        Assert.Single(bookings.Select(b => b.PatientId).Distinct());
        Assert.Equal(6, await db.Cases.CountAsync());
    }

    [Fact]
    public async Task A_known_MRN_with_another_birth_date_or_name_is_a_conflict_naming_the_fields_not_their_values()
    {
        await using var test = await TestEngine.StartAsync();
        await test.Runtime.StartAsync(PeldCase.Request(Start), TestEngine.Nurse, CancellationToken.None);
        var request = PeldCase.Request(Start.AddDays(3));
        var mismatch = request with { Patient = request.Patient with { BirthDate = new DateOnly(1986, 4, 2), GivenName = "Morgan" } };

        var conflict = await Assert.ThrowsAsync<PatientMismatchException>(() => test.Runtime.StartAsync(mismatch, TestEngine.Nurse, CancellationToken.None));
        Assert.IsAssignableFrom<ConflictException>(conflict);
        Assert.Equal(["patient.givenName", "patient.birthDate"], conflict.Fields);
        Assert.Contains("patient.birthDate", conflict.Message);
        Assert.DoesNotContain("1986", conflict.Message);
        Assert.DoesNotContain("Morgan", conflict.Message);
        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        Assert.Equal(1, await db.Cases.CountAsync());
    }
}
