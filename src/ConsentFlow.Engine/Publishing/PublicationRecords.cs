namespace ConsentFlow.Engine.Publishing;

/// <summary>Why a version exists: who published it, when, their change note and what changed (one row per published version).</summary>
public sealed class DefinitionPublication
{
    public Guid Id { get; set; }
    public string DefinitionId { get; set; } = "";
    public int Version { get; set; }
    public string Note { get; set; } = "";
    /// <summary>The readable diff against the version before, one change per line.</summary>
    public string DiffSummary { get; set; } = "";
    public string PublishedBy { get; set; } = "";
    public DateTime PublishedAtUtc { get; set; }
    public int ScenariosPassed { get; set; }
    public int ScenariosFailed { get; set; }
    /// <summary>The approved override that let a version with failing scenarios through.</summary>
    public Guid? OverrideId { get; set; }
    /// <summary>Set when this version republishes an earlier one (a roll back).</summary>
    public int? RolledBackFromVersion { get; set; }
}

public enum PublicationOverrideStatus { Pending, Approved, Used }

/// <summary>
/// Permission to publish one exact draft (by its hash) although scenarios fail: asked by one administrator with a reason,
/// approved by a second, different one; used by at most one publication.
/// </summary>
public sealed class PublicationOverride
{
    public Guid Id { get; set; }
    public string DefinitionId { get; set; } = "";
    public string DraftSha256 { get; set; } = "";
    public string Reason { get; set; } = "";
    /// <summary>The failing scenarios when it was asked, one name per line.</summary>
    public string FailingScenarios { get; set; } = "";
    public PublicationOverrideStatus Status { get; set; }
    public string RequestedBy { get; set; } = "";
    public DateTime RequestedAtUtc { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTime? ApprovedAtUtc { get; set; }
    public int Version { get; set; }
}
