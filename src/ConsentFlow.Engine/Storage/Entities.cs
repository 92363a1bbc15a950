namespace ConsentFlow.Engine.Storage;

// Persistence shapes only: behaviour lives in Runtime. Every string that is indexed or used as a key has a bounded
// length so the same model is valid on SQL Server.

public sealed class PatientCase
{
    public Guid Id { get; set; }
    /// <summary>The person this episode is for. The identifiers below are as the case was booked (what its consent documents print).</summary>
    public Guid PatientId { get; set; }
    public string Mrn { get; set; } = "";
    public string FamilyName { get; set; } = "";
    public string GivenName { get; set; } = "";
    public DateOnly BirthDate { get; set; }
    public string? Sex { get; set; }
    public string Procedure { get; set; } = "";
    public string Cpt { get; set; } = "";
    public string Level { get; set; } = "";
    public string Side { get; set; } = "";
    public string Approach { get; set; } = "";
    public string Surgeon { get; set; } = "";
    public string SedationPlan { get; set; } = "";
    public DateTime ScheduledStartUtc { get; set; }
    public string TimeZoneId { get; set; } = "UTC";
    public string Language { get; set; } = "en";
    public DateTime CreatedAtUtc { get; set; }
    public int Version { get; set; }
}

/// <summary>Ready: every prerequisite is met (the procedure day's WHO phases may still be open). Completed: the procedure day closed out.</summary>
public enum InstanceStatus { Running, Ready, Cancelled, Withdrawn, Completed }

public sealed class WorkflowInstance
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public string DefinitionId { get; set; } = "";
    public int DefinitionVersion { get; set; }
    public InstanceStatus Status { get; set; }
    /// <summary>Submitted answers as JSON: {"formId": {"fieldId": value}}.</summary>
    public string DataJson { get; set; } = "{}";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
    public int Version { get; set; }
}

public enum TokenStatus { Active, Waiting, Joined, Done, Cancelled }

/// <summary>Where the workflow currently stands; parallel paths each carry their own token.</summary>
public sealed class ExecutionToken
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public string StepId { get; set; } = "";
    /// <summary>The parallel path (its first step id) this token runs on; null outside a parallel section.</summary>
    public string? Path { get; set; }
    public TokenStatus Status { get; set; }
    public DateTime CreatedAtUtc { get; set; }
}

public enum TaskKind { Form, Signature, Override, Escalation }

public enum WorkTaskStatus { Open, Completed, Cancelled }

/// <summary>A bookmark for a person: a form, a signature, an override or a review waiting in a role's inbox.</summary>
public sealed class WorkTask
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public Guid TokenId { get; set; }
    public string StepId { get; set; } = "";
    public TaskKind Kind { get; set; }
    /// <summary>Roles allowed to complete the task, as ",surgeon,anesthesiologist," so a role filter is a plain LIKE.</summary>
    public string Roles { get; set; } = "";
    public string? FormId { get; set; }
    public string? SignerRole { get; set; }
    public Guid? ConsentId { get; set; }
    /// <summary>Why the task exists, already filled in every language (JSON {"en": ..., "es": ...}).</summary>
    public string? ReasonJson { get; set; }
    public WorkTaskStatus Status { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? DueAtUtc { get; set; }
    public DateTime? CompletedAtUtc { get; set; }
    public string? CompletedBy { get; set; }
    public string? CompletedByRole { get; set; }
    public int Version { get; set; }
}

public enum TimerPurpose { StepDelay, ConsentExpiry, TaskDue }

public enum TimerStatus { Pending, Fired, Cancelled }

public sealed class ScheduledTimer
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public TimerPurpose Purpose { get; set; }
    public Guid? TokenId { get; set; }
    public Guid? TaskId { get; set; }
    public Guid? ConsentId { get; set; }
    public DateTime DueAtUtc { get; set; }
    public TimerStatus Status { get; set; }
    /// <summary>The sentence shown while the timer holds the case (e.g. a fasting delay), JSON per language.</summary>
    public string? MessageJson { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAtUtc { get; set; }
    public DateTime? FiredAtUtc { get; set; }
}

public enum HardStopStatus { Active, Overridden, Cancelled }

public sealed class HardStop
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public Guid TokenId { get; set; }
    public Guid OverrideTaskId { get; set; }
    public string StepId { get; set; } = "";
    public string RuleId { get; set; } = "";
    public string MessageJson { get; set; } = "{}";
    public HardStopStatus Status { get; set; }
    public DateTime RaisedAtUtc { get; set; }
    public string? OverriddenBy { get; set; }
    public string? OverrideReason { get; set; }
    public DateTime? OverriddenAtUtc { get; set; }
}

/// <summary>Follows FHIR Consent.status: proposed while signatures are collected, active once signed, inactive when expired, revoked or superseded.</summary>
public enum ConsentStatus { Proposed, Active, Inactive, Rejected }

public sealed class ConsentRecord
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public string StepId { get; set; } = "";
    public string? Path { get; set; }
    public ConsentStatus Status { get; set; }
    /// <summary>Case facts the patient consented to (level, side, surgeon, sedation plan, ...), to detect material change.</summary>
    public string SnapshotJson { get; set; } = "{}";
    /// <summary>Every signature in order: signer role, printed name, meaning, time, actor.</summary>
    public string SignaturesJson { get; set; } = "[]";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? SignedAtUtc { get; set; }
    public DateTime? ExpiresAtUtc { get; set; }
    public string? InactiveReason { get; set; }
    public DateTime? InactiveAtUtc { get; set; }
    public string? JournalHashAtSigning { get; set; }
}

public sealed class JournalEntry
{
    public long Sequence { get; set; }
    public string Stream { get; set; } = "";
    public long Position { get; set; }
    public Guid? InstanceId { get; set; }
    public string? StepId { get; set; }
    public string Actor { get; set; } = "";
    public string Role { get; set; } = "";
    public DateTime AtUtc { get; set; }
    public string Action { get; set; } = "";
    public string DetailsJson { get; set; } = "{}";
    public string? DefinitionId { get; set; }
    public int? DefinitionVersion { get; set; }
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";
}

/// <summary>The head of one hash chain, so that deleting the newest entries is detected too.</summary>
public sealed class JournalStream
{
    public string Stream { get; set; } = "";
    public long Count { get; set; }
    public string HeadHash { get; set; } = "";
}

public sealed class IdempotencyRecord
{
    public string Key { get; set; } = "";
    public Guid TaskId { get; set; }
    public string RequestHash { get; set; } = "";
    public string ResultJson { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
}

public enum DefinitionState { Draft, Published }

public sealed class StoredDefinition
{
    public Guid Id { get; set; }
    public string DefinitionId { get; set; } = "";
    public int Version { get; set; }
    public DefinitionState State { get; set; }
    public string Json { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public string CreatedBy { get; set; } = "";
}

public enum DocumentStatus { Current, Superseded }

/// <summary>An immutable generated document; a regenerated one is a new row that supersedes this one.</summary>
public sealed class StoredDocument
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public Guid? ConsentId { get; set; }
    public string Kind { get; set; } = "";
    public int Version { get; set; }
    public Guid? SupersedesId { get; set; }
    public DocumentStatus Status { get; set; }
    public string Language { get; set; } = "en";
    public string Sha256 { get; set; } = "";
    public long Size { get; set; }
    public byte[] Content { get; set; } = [];
    public DateTime CreatedAtUtc { get; set; }
    public string CreatedBy { get; set; } = "";
}
