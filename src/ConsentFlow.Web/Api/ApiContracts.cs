using System.ComponentModel;
using System.Text.Json.Serialization;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Runtime;

namespace ConsentFlow.Web.Api;

// Request bodies refuse fields they do not declare: a misspelt "scheduledstart" or a megabyte of padding is a
// mistake to report, not something to store silently. Values are checked by the engine's CaseValidator, for every host.

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
/// <param name="MrnSystem">Who assigned the MRN (a URI); left out: the clinic's own numbers (ConsentFlow:Clinic:MrnSystem).</param>
public sealed record PatientBody(string? Mrn, string? FamilyName, string? GivenName, DateOnly BirthDate, string? Sex, string? MrnSystem = null);

/// <summary>A new case: at least two identifiers (MRN + name + birth date), the procedure and its plan.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record StartCaseBody(
    PatientBody? Patient,
    string? Level,
    string? Side,
    string? Surgeon,
    DateTimeOffset ScheduledStart,
    [property: Description("Defaults to the PELD consent workflow.")] string? DefinitionId = null,
    string? Procedure = null,
    string? Cpt = null,
    string? Approach = null,
    string? SedationPlan = null,
    string? TimeZoneId = null,
    string? Language = null,
    [property: Description("Administrators only: record a case whose start lies in the past or more than 2 years ahead; the journal notes it.")] bool? BackEntry = null)
{
    public StartCaseRequest ToRequest(string? defaultMrnSystem = null) => new(
        DefinitionId ?? "peld-consent",
        new PatientIdentity(Patient?.Mrn ?? "", Patient?.FamilyName ?? "", Patient?.GivenName ?? "", Patient?.BirthDate ?? default, Patient?.Sex,
            Patient?.MrnSystem ?? defaultMrnSystem),
        Procedure ?? "Percutaneous endoscopic lumbar discectomy", Cpt ?? "62380", Level ?? "", Side ?? "", Approach ?? "transforaminal",
        Surgeon ?? "", SedationPlan ?? "moderate", ScheduledStart, TimeZoneId ?? "UTC", Language ?? "en", BackEntry == true);
}

/// <summary>A change of plan; a field left out stays as it is.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CaseChangeBody(string? Level = null, string? Side = null, string? Approach = null, string? Surgeon = null,
    string? SedationPlan = null, DateTimeOffset? ScheduledStart = null,
    [property: Description("Administrators only: a start in the past or more than 2 years ahead.")] bool? BackEntry = null)
{
    public CaseChange ToChange() => new(Level, Side, Approach, Surgeon, SedationPlan, ScheduledStart, BackEntry == true);
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ReasonBody(string? Reason);

/// <summary>A reason the signed consent no longer holds, as the workflow names it, and an optional staff note.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ConsentConcernBody(string? Concern, string? Note);

/// <param name="NeedsReauthentication">Submit through /signature with the signer's password.</param>
public sealed record TaskWithForm(TaskView Task, FormDefinition? Form, IReadOnlyList<string> OverrideReasons, bool NeedsReauthentication);

public sealed record ValidationResult(string DefinitionId, string Title);

/// <summary>A definition to publish, exactly as written, the administrator's password (publishing is re-authenticated), the change
/// note kept with the version, and an approved override when scenarios fail.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PublishBody(System.Text.Json.JsonElement? Definition, string? Password, string? Note = null, Guid? OverrideId = null);
