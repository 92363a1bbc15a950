namespace ConsentFlow.Engine.Publishing;

/// <summary>
/// One saved revision of an administrator's draft of a definition. Rows are never updated: a save, or a restore of an
/// earlier revision, adds the next revision, so the history shows who changed the draft, when, and from which
/// published version they started.
/// </summary>
public sealed class DraftRevision
{
    public Guid Id { get; set; }
    public string DefinitionId { get; set; } = "";
    /// <summary>The administrator whose draft this is (their user id); drafts are never shared.</summary>
    public string Owner { get; set; } = "";
    public int Revision { get; set; }
    public string Json { get; set; } = "";
    public string Sha256 { get; set; } = "";
    /// <summary>The published version the draft was started from; null for a definition never published.</summary>
    public int? BaseVersion { get; set; }
    /// <summary>Set when this revision brought back an earlier one.</summary>
    public int? RestoredFrom { get; set; }
    public DateTime SavedAtUtc { get; set; }
}

/// <summary>What the revision list shows (the JSON is read only when a revision is opened).</summary>
public sealed record DraftRevisionInfo(string DefinitionId, int Revision, int? BaseVersion, int? RestoredFrom, DateTime SavedAtUtc, string Sha256);

/// <summary>A revision with its text.</summary>
public sealed record DraftRevisionText(DraftRevisionInfo Info, string Json);
