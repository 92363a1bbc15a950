using System.ComponentModel;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Runtime;

namespace ConsentFlow.Web.Api;

public sealed record PatientBody(string? Mrn, string? FamilyName, string? GivenName, DateOnly BirthDate, string? Sex);

/// <summary>A new case: at least two identifiers (MRN + name + birth date), the procedure and its plan.</summary>
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
    string? Language = null)
{
    public StartCaseRequest ToRequest() => new(
        DefinitionId ?? "peld-consent",
        new PatientIdentity(Patient?.Mrn ?? "", Patient?.FamilyName ?? "", Patient?.GivenName ?? "", Patient?.BirthDate ?? default, Patient?.Sex),
        Procedure ?? "Percutaneous endoscopic lumbar discectomy", Cpt ?? "62380", Level ?? "", Side ?? "", Approach ?? "transforaminal",
        Surgeon ?? "", SedationPlan ?? "moderate", ScheduledStart, TimeZoneId ?? "UTC", Language ?? "en");
}

public sealed record ReasonBody(string? Reason);

/// <summary>A reason the signed consent no longer holds, as the workflow names it, and an optional staff note.</summary>
public sealed record ConsentConcernBody(string? Concern, string? Note);

/// <param name="NeedsReauthentication">Submit through /signature with the signer's password.</param>
public sealed record TaskWithForm(TaskView Task, FormDefinition? Form, IReadOnlyList<string> OverrideReasons, bool NeedsReauthentication);

public sealed record DraftBody(string Json);

public sealed record ValidationResult(string DefinitionId, string Title);

/// <summary>A definition to publish, exactly as written, and the administrator's password (publishing is re-authenticated).</summary>
public sealed record PublishBody(System.Text.Json.JsonElement? Definition, string? Password);
