namespace ConsentFlow.Engine.Storage;

/// <summary>
/// The board's read model: one row per workflow instance, rewritten in the same SaveChanges as every change of the
/// instance (start, submission, case change, timer), so listing and counting cases is one indexed query and never
/// loads an instance. Sentences are stored in every language the clinic shows.
/// </summary>
public sealed class CaseReadinessRow
{
    public Guid InstanceId { get; set; }
    public Guid CaseId { get; set; }
    public Guid PatientId { get; set; }

    /// <summary>"yyyyMMddHHmmss" of the scheduled start (UTC) + "|" + instance id: the board's order and keyset position in one indexed string.</summary>
    public string SortKey { get; set; } = "";
    public DateTime ScheduledStartUtc { get; set; }
    public string TimeZoneId { get; set; } = "UTC";
    public string Procedure { get; set; } = "";
    public string Level { get; set; } = "";
    public string Side { get; set; } = "";
    public string Approach { get; set; } = "";
    public string Surgeon { get; set; } = "";
    public string SedationPlan { get; set; } = "";
    public string Language { get; set; } = "en";

    public string Mrn { get; set; } = "";
    public string FamilyName { get; set; } = "";
    public string GivenName { get; set; } = "";
    /// <summary>Lower-case family and given name, for a prefix search that uses an index on every provider.</summary>
    public string FamilyNameKey { get; set; } = "";
    public string GivenNameKey { get; set; } = "";
    public DateOnly BirthDate { get; set; }
    public string? Sex { get; set; }

    /// <summary>Done, Waiting or Blocked (the board's chips).</summary>
    public string State { get; set; } = "";
    public string InstanceStatus { get; set; } = "";
    /// <summary>The first open procedure-day phase (step id) once ready; null before.</summary>
    public string? Phase { get; set; }
    /// <summary>Roles with an open task, as ",nurse,surgeon," so a role filter is a plain LIKE.</summary>
    public string OpenRoles { get; set; } = "";
    public int OpenTaskCount { get; set; }
    public int BlockerCount { get; set; }
    /// <summary>{"en": [{severity, stepId, message}], "es": [...]}.</summary>
    public string BlockersJson { get; set; } = "{}";
    /// <summary>{"en": [{stepId, message}], "es": [...]}.</summary>
    public string PhasesJson { get; set; } = "{}";
    /// <summary>[{id, stepId, kind, roles, signerRole, title: {en, es}, dueAtUtc, createdAtUtc}].</summary>
    public string OpenTasksJson { get; set; } = "[]";
    public int InstanceVersion { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
}
