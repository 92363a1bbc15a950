namespace ConsentFlow.Engine.Storage;

public enum FollowUpStatus { Pending, Done }

/// <summary>
/// An outbox row: work that must follow a commit (the signed document of a consent that just became active), written in
/// the same transaction as the change that calls for it, so a crash between the commit and the work cannot lose it.
/// </summary>
public sealed class FollowUpItem
{
    public Guid Id { get; set; }
    /// <summary>What to do, e.g. <see cref="FollowUps.FollowUpKinds.ConsentDocument"/>; the engine never interprets it.</summary>
    public string Kind { get; set; } = "";
    public Guid InstanceId { get; set; }
    /// <summary>What the work is about within the instance (the consent for a consent document).</summary>
    public Guid? SubjectId { get; set; }
    public FollowUpStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    /// <summary>Not before this time (backoff after a failure).</summary>
    public DateTime NextAttemptAtUtc { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAtUtc { get; set; }
    public DateTime? CompletedAtUtc { get; set; }
    /// <summary>The last failure's exception type, never its message (which may quote case data).</summary>
    public string? LastError { get; set; }
}
