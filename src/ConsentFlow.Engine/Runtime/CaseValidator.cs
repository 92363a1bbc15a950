using System.Text.RegularExpressions;
using ConsentFlow.Engine.Forms;

namespace ConsentFlow.Engine.Runtime;

/// <summary>
/// The case contract, in one place for every host (REST API, staff screens, scenarios, demo): what a new case and a change
/// of plan may contain. Checked before anything is saved; errors name the field and never echo the value, which may be PHI.
/// </summary>
public static partial class CaseValidator
{
    [GeneratedRegex(@"^(L[1-5]-L[2-5]|L5-S1)$")]
    private static partial Regex LumbarLevel();

    public static readonly IReadOnlyList<string> Sides = ["left", "right", "bilateral"];
    public static readonly IReadOnlyList<string> Approaches = ["transforaminal", "interlaminar"];
    public static readonly IReadOnlyList<string> SedationPlans = ["local", "moderate", "deep", "general"];
    public static readonly IReadOnlyList<string> Languages = ["en", "es"];

    /// <summary>How far ahead a procedure may be booked; further is a typing error (2062 for 2026), not a plan.</summary>
    public static readonly TimeSpan MaxBookingHorizon = TimeSpan.FromDays(2 * 365 + 1);

    /// <summary>Even a back-entry is not older than this: earlier is a typing error.</summary>
    public const int EarliestBackEntryYear = 2000;

    /// <summary>Longest staff note (withdrawal, cancellation, consent concern): a paragraph, not a document.</summary>
    public const int MaxNoteLength = 2000;

    public static void Validate(StartCaseRequest request, DateTimeOffset now)
    {
        var check = new Checks();
        check.Text("definitionId", request.DefinitionId, 64, identifier: true);
        check.Text("patient.mrn", request.Patient.Mrn, 64, identifier: true);
        if (request.Patient.MrnSystem is not null) check.Text("patient.mrnSystem", request.Patient.MrnSystem, 200, identifier: true);
        check.Text("patient.familyName", request.Patient.FamilyName, 200, identifier: true);
        check.Text("patient.givenName", request.Patient.GivenName, 200, identifier: true);
        check.Text("procedure", request.Procedure, 200, identifier: true);
        check.Text("cpt", request.Cpt, 16, identifier: true);
        check.Text("surgeon", request.Surgeon, 200, identifier: true);
        if (request.Patient.BirthDate == default || request.Patient.BirthDate > DateOnly.FromDateTime(now.UtcDateTime) || request.Patient.BirthDate.Year < 1900)
            check.Fail("patient.birthDate", "must be a date in the past (yyyy-mm-dd, after 1900)");
        if (request.Patient.Sex is not ("F" or "M" or "X"))
            check.Fail("patient.sex", "must be F, M or X (STOP-BANG scores male sex)");
        check.Plan(request.Level, request.Side, request.Approach, request.SedationPlan);
        check.Start(request.ScheduledStart, now, request.BackEntry);
        if (check.Text("timeZoneId", request.TimeZoneId, 64, identifier: true) && !TimeZoneInfo.TryFindSystemTimeZoneById(request.TimeZoneId, out _))
            check.Fail("timeZoneId", "must be an IANA or Windows time zone id, like America/Chicago");
        check.OneOf("language", request.Language, Languages);
        check.ThrowIfAny("case");
    }

    /// <summary>A change of plan obeys the same rules as a new case for every value it sets; null leaves a value unchanged.</summary>
    public static void Validate(CaseChange change, DateTimeOffset now)
    {
        var check = new Checks();
        if (change.Surgeon is not null) check.Text("surgeon", change.Surgeon, 200, identifier: true);
        check.Plan(change.Level, change.Side, change.Approach, change.SedationPlan);
        if (change.ScheduledStart is { } start) check.Start(start, now, change.BackEntry);
        check.ThrowIfAny("caseChange");
    }

    /// <summary>An optional staff note, trimmed; null when blank.</summary>
    public static string? Note(string field, string? note) => string.IsNullOrWhiteSpace(note) ? null : RequiredText(field, note, MaxNoteLength, identifier: false);

    /// <summary>A required value (a reason, a concern's name), trimmed.</summary>
    public static string RequiredText(string field, string? value, int max, bool identifier)
    {
        var check = new Checks();
        check.Text(field, value, max, identifier);
        check.ThrowIfAny(field);
        return value!.Trim();
    }

    private sealed class Checks
    {
        private readonly List<FieldError> _errors = [];

        public void Fail(string field, string message) => _errors.Add(new FieldError(field, message));

        /// <summary>Required, at most <paramref name="max"/> characters, no control characters; true when it passed.</summary>
        public bool Text(string field, string? value, int max, bool identifier)
        {
            var before = _errors.Count;
            if (string.IsNullOrWhiteSpace(value)) Fail(field, "is required");
            else if (value.Length > max) Fail(field, $"must be at most {max} characters");
            else if (TextRules.HasForbiddenCharacters(value, identifier)) Fail(field, identifier ? "must not contain control characters" : "must not contain control characters other than line breaks");
            return _errors.Count == before;
        }

        public void OneOf(string field, string? value, IReadOnlyList<string> allowed)
        {
            if (value is null || !allowed.Contains(value)) Fail(field, $"must be one of: {string.Join(", ", allowed)}");
        }

        /// <summary>The consented plan; a null value is "unchanged" for a change and already defaulted for a new case.</summary>
        public void Plan(string? level, string? side, string? approach, string? sedationPlan)
        {
            if (level is not null && !LumbarLevel().IsMatch(level)) Fail("level", "must be a lumbar level such as L4-L5 or L5-S1");
            if (side is not null) OneOf("side", side, Sides);
            if (approach is not null) OneOf("approach", approach, Approaches);
            if (sedationPlan is not null) OneOf("sedationPlan", sedationPlan, SedationPlans);
        }

        /// <summary>Within the booking window (now to 2 years ahead), unless an administrator flagged a back-entry; never before 2000.</summary>
        public void Start(DateTimeOffset start, DateTimeOffset now, bool backEntry)
        {
            if (start == default) Fail("scheduledStart", "is required (date and time with offset, like 2026-03-01T07:30:00-05:00)");
            else if (start.Year < EarliestBackEntryYear) Fail("scheduledStart", $"must be in {EarliestBackEntryYear} or later");
            else if (backEntry) return;
            else if (start < now) Fail("scheduledStart", "must not be in the past (an administrator may record a back-entry)");
            else if (start > now + MaxBookingHorizon) Fail("scheduledStart", "must be at most 2 years ahead (an administrator may record a back-entry)");
        }

        public void ThrowIfAny(string formId)
        {
            if (_errors.Count > 0) throw new FormValidationException(formId, _errors);
        }
    }
}
