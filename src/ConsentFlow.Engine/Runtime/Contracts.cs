using System.Text.Json.Nodes;

namespace ConsentFlow.Engine.Runtime;

/// <summary>
/// Who is acting: an authenticated account id (never a name) and the capacity they act in. A signature also carries
/// the host's <see cref="SignerAttestation"/>: the printed name and how the signer's identity was established.
/// </summary>
public sealed record Actor(string Id, string Role, SignerAttestation? Attestation = null)
{
    public static readonly Actor System = new("system", "system");
}

/// <summary>
/// How a signer was identified at the moment of signing (ESIGN/UETA, 21 CFR Part 11 §11.50): the printed name and
/// title, the method (password re-entered, fresh single sign-on, kiosk session vouched for by staff) and, for a
/// patient or interpreter on the tablet, the staff member who checked their identity.
/// </summary>
public sealed record SignerAttestation(string PrintedName, string Method, string? VouchedById = null, string? VouchedByName = null, string? Details = null);

/// <param name="MrnSystem">Who assigned the MRN (a URI); null: the clinic's own record numbers (<see cref="Storage.Patient.LocalMrnSystem"/>).</param>
public sealed record PatientIdentity(string Mrn, string FamilyName, string GivenName, DateOnly BirthDate, string? Sex = null, string? MrnSystem = null);

/// <summary>A patient case to drive through a workflow: at least two identifiers, the procedure and its plan.</summary>
/// <param name="BackEntry">An administrator records a case after the fact (or far ahead): the booking window does not apply; the journal says so.</param>
public sealed record StartCaseRequest(
    string DefinitionId,
    PatientIdentity Patient,
    string Procedure,
    string Cpt,
    string Level,
    string Side,
    string Approach,
    string Surgeon,
    string SedationPlan,
    DateTimeOffset ScheduledStart,
    string TimeZoneId = "UTC",
    string Language = "en",
    bool BackEntry = false);

/// <summary>Changes to a case's plan; null leaves a value as it is.</summary>
public sealed record CaseChange(
    string? Level = null, string? Side = null, string? Approach = null, string? Surgeon = null,
    string? SedationPlan = null, DateTimeOffset? ScheduledStart = null, bool BackEntry = false);

public sealed record StartResult(Guid InstanceId, Guid CaseId, Guid PatientId, int DefinitionVersion, IReadOnlyList<TaskView> OpenTasks);

/// <param name="Shown">For a consent's first signature: the template version the signer was shown, pinned with the consent.</param>
/// <param name="ForRole">
/// The task's role the actor fills when the host's access policy lets another role do that role's task (access.md: a
/// surgeon or anesthesiologist may do the nurse's imaging review, sedation screening and day-of checklist). The task
/// must be for this role; the journal still records <see cref="Actor"/>'s own role. Null: the actor's role.
/// </param>
public sealed record TaskSubmission(Guid TaskId, Actor Actor, JsonObject Data, string? IdempotencyKey = null, int? ExpectedVersion = null,
    ShownTemplate? Shown = null, string? ForRole = null);

/// <param name="ActivatedConsentId">Set when this submission completed a consent's signatures: the moment to produce its document.</param>
public sealed record SubmitResult(Guid InstanceId, Guid TaskId, string InstanceStatus, IReadOnlyList<TaskView> OpenTasks, Guid? ActivatedConsentId = null);

public sealed record TaskView(
    Guid Id, Guid InstanceId, Guid CaseId, string StepId, string Kind, IReadOnlyList<string> Roles, string? FormId,
    string? SignerRole, string Title, string? Reason, DateTime CreatedAtUtc, DateTime? DueAtUtc, int Version);

public sealed record TaskQuery(string? Role = null, Guid? CaseId = null, Guid? InstanceId = null, string Language = "en", int Limit = 200);

public enum ReadinessState { Done, Waiting, Blocked }

/// <summary>Where the patient's own consent stands once nothing is left for them to read or sign.</summary>
public enum ConsentStanding { NotSigned, Signed, Declined, Withdrawn }

/// <param name="SignerPrintedName">With <see cref="ConsentStanding.Signed"/>: the name the patient (or representative) typed when signing.</param>
/// <param name="SignedAtUtc">With <see cref="ConsentStanding.Signed"/>: when they signed.</param>
public sealed record PatientConsentStanding(ConsentStanding Standing, string? SignerPrintedName = null, DateTime? SignedAtUtc = null);

public enum BlockerSeverity { Waiting, Blocked }

/// <summary>One reason the case is not ready yet, in words a nurse understands.</summary>
/// <param name="DueAtUtc">
/// When the open task behind a waiting line is due, as its message's due clause says ("…, due 2026-05-01 08:00"), so a
/// reader who may not see the sentence can still say when it is late. Null when the message has no due clause, and in
/// board rows written before the field existed.
/// </param>
/// <param name="Overdue">The due clause says "overdue since" rather than "due": the task was late when the line was written.</param>
public sealed record Blocker(BlockerSeverity Severity, string StepId, string Message, DateTime? DueAtUtc = null, bool Overdue = false);

/// <param name="Phases">The procedure day's open steps after readiness (WHO Sign In, Time Out, Sign Out, close-out); they do not undo readiness.</param>
public sealed record Readiness(Guid InstanceId, ReadinessState State, string InstanceStatus, IReadOnlyList<Blocker> Blockers,
    IReadOnlyList<ProcedurePhase>? Phases = null)
{
    /// <summary>
    /// The instance version this readiness was computed at (the case's ETag) when it comes from the instance itself, so a
    /// caller's next conditional change needs no second read that another change could slip in before.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? Version { get; init; }
}

/// <summary>An open step of the procedure day, e.g. "WHO Time Out: waiting for nurse", with the items last answered "no".</summary>
/// <param name="DueAtUtc">As <see cref="Blocker.DueAtUtc"/>: the due clause of the message, as data.</param>
/// <param name="Overdue">As <see cref="Blocker.Overdue"/>.</param>
public sealed record ProcedurePhase(string StepId, string Message, DateTime? DueAtUtc = null, bool Overdue = false);
