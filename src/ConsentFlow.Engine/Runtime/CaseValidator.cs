using System.Text.RegularExpressions;
using ConsentFlow.Engine.Forms;

namespace ConsentFlow.Engine.Runtime;

/// <summary>Checks a new case before anything is saved; errors name the field, never echo the value.</summary>
internal static partial class CaseValidator
{
    [GeneratedRegex(@"^(L[1-5]-L[2-5]|L5-S1)$")]
    private static partial Regex LumbarLevel();

    private static readonly string[] Sides = ["left", "right", "bilateral"];

    public static void Validate(StartCaseRequest request)
    {
        var errors = new List<FieldError>();
        void Require(string field, string? value, int max)
        {
            if (string.IsNullOrWhiteSpace(value)) errors.Add(new FieldError(field, "is required"));
            else if (value.Length > max) errors.Add(new FieldError(field, $"is longer than {max} characters"));
        }
        Require("definitionId", request.DefinitionId, 64);
        Require("patient.mrn", request.Patient.Mrn, 64);
        Require("patient.familyName", request.Patient.FamilyName, 200);
        Require("patient.givenName", request.Patient.GivenName, 200);
        Require("procedure", request.Procedure, 200);
        Require("cpt", request.Cpt, 16);
        Require("surgeon", request.Surgeon, 200);
        Require("approach", request.Approach, 64);
        Require("sedationPlan", request.SedationPlan, 64);
        if (request.Patient.BirthDate == default || request.Patient.BirthDate > DateOnly.FromDateTime(DateTime.UtcNow))
            errors.Add(new FieldError("patient.birthDate", "must be a date in the past"));
        if (request.Patient.Sex is not ("F" or "M" or "X"))
            errors.Add(new FieldError("patient.sex", "must be F, M or X (STOP-BANG scores male sex)"));
        if (!LumbarLevel().IsMatch(request.Level ?? "")) errors.Add(new FieldError("level", "must be a lumbar level such as L4-L5 or L5-S1"));
        if (!Sides.Contains(request.Side)) errors.Add(new FieldError("side", "must be left, right or bilateral"));
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(request.TimeZoneId, out _)) errors.Add(new FieldError("timeZoneId", "is not a known time zone"));
        if (request.Language is not ("en" or "es")) errors.Add(new FieldError("language", "must be en or es"));
        if (errors.Count > 0) throw new FormValidationException("case", errors);
    }
}
