using ConsentFlow.Engine.Forms;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Tests.Support;

namespace ConsentFlow.Engine.Tests;

/// <summary>The case contract (issue 11, bad input): what a new case and a change of plan may hold, checked before anything is saved.</summary>
public sealed class CaseContractTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 13, 0, 0, TimeSpan.Zero);
    private static readonly StartCaseRequest Valid = PeldCase.Request(Now.AddDays(10));

    private static IReadOnlyList<FieldError> Refused(Action validate) => Assert.Throws<FormValidationException>(validate).Errors;

    [Fact]
    public void A_valid_case_passes() => CaseValidator.Validate(Valid, Now);

    [Theory]
    [InlineData(-1, "must not be in the past")]
    [InlineData(2 * 366, "at most 2 years ahead")]
    public void A_start_in_the_past_or_more_than_two_years_ahead_is_refused(int days, string message)
    {
        var error = Assert.Single(Refused(() => CaseValidator.Validate(Valid with { ScheduledStart = Now.AddDays(days) }, Now)));
        Assert.Equal("scheduledStart", error.Field);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_missing_start_is_required() =>
        Assert.Contains(Refused(() => CaseValidator.Validate(Valid with { ScheduledStart = default }, Now)), e => e.Field == "scheduledStart" && e.Message.StartsWith("is required"));

    [Fact]
    public void Control_characters_and_nul_in_names_and_identifiers_are_refused_without_echoing_them()
    {
        var errors = Refused(() => CaseValidator.Validate(Valid with
        {
            Patient = Valid.Patient with { FamilyName = "Ave\0ry", Mrn = "MRN\u001b[31m" }, Surgeon = "Dr.\u2028Okafor",
        }, Now));
        Assert.Equal(["patient.familyName", "patient.mrn", "surgeon"], errors.Select(e => e.Field).Order());
        Assert.All(errors, e => Assert.DoesNotContain("Ave", e.Message));
    }

    [Fact]
    public void Accented_names_are_welcome() =>
        CaseValidator.Validate(Valid with { Patient = Valid.Patient with { FamilyName = "Núñez-Ødegård", GivenName = "Zoë 李" } }, Now);

    [Theory]
    [InlineData("level", "L9-Z9")]
    [InlineData("side", "up")]
    [InlineData("approach", "through the nose")]
    [InlineData("sedationPlan", "lots")]
    [InlineData("timeZoneId", "Mars/Olympus_Mons")]
    [InlineData("language", "tlh")]
    public void Plan_values_outside_their_list_are_refused_by_name(string field, string value)
    {
        var request = field switch
        {
            "level" => Valid with { Level = value }, "side" => Valid with { Side = value }, "approach" => Valid with { Approach = value },
            "sedationPlan" => Valid with { SedationPlan = value }, "timeZoneId" => Valid with { TimeZoneId = value }, _ => Valid with { Language = value },
        };
        var error = Assert.Single(Refused(() => CaseValidator.Validate(request, Now)));
        Assert.Equal(field, error.Field);
        Assert.DoesNotContain(value, error.Message);
    }

    [Fact]
    public void Windows_time_zone_ids_are_accepted_too() => CaseValidator.Validate(Valid with { TimeZoneId = "Central Standard Time" }, Now);

    [Fact]
    public void A_change_of_plan_obeys_the_same_rules()
    {
        var errors = Refused(() => CaseValidator.Validate(new CaseChange(Level: "L9-Z9", Side: "up", Surgeon: new string('x', 1_000_000),
            ScheduledStart: new DateTimeOffset(1999, 1, 1, 8, 0, 0, TimeSpan.Zero)), Now));
        Assert.Equal(["level", "scheduledStart", "side", "surgeon"], errors.Select(e => e.Field).Order());
        Assert.Contains(Refused(() => CaseValidator.Validate(new CaseChange(Surgeon: "  "), Now)), e => e.Field == "surgeon");
        CaseValidator.Validate(new CaseChange(Level: "L5-S1"), Now);
    }

    [Fact]
    public void A_staff_note_has_a_maximum_and_a_blank_note_is_none()
    {
        Assert.Null(CaseValidator.Note("note", "   "));
        Assert.Equal("fell at home", CaseValidator.Note("note", " fell at home "));
        Assert.Contains(Refused(() => CaseValidator.Note("note", new string('x', CaseValidator.MaxNoteLength + 1))), e => e.Field == "note");
    }
}
