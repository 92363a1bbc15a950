namespace ConsentFlow.Identity.Audit;

public enum AuditCategory { Security, Access }

/// <summary>
/// One audited event: a sign-in, a key or account change, or a read of patient data. Holds ids only (user, case, resource),
/// never a patient's name or identifier.
/// </summary>
public sealed class AuditEvent
{
    public long Id { get; set; }
    public AuditCategory Category { get; set; }
    public string Kind { get; set; } = "";
    public DateTime AtUtc { get; set; }

    /// <summary>The authenticated account (user id), or "anonymous" for a failed sign-in to an unknown name.</summary>
    public string ActorId { get; set; } = "";

    /// <summary>How the actor authenticated: cookie, apiKey, bearer, kiosk, cli.</summary>
    public string? Channel { get; set; }

    /// <summary>The workflow instance whose PHI was read, when there is one.</summary>
    public Guid? InstanceId { get; set; }

    /// <summary>What was read or changed: a resource path with opaque ids, a key id, an account id.</summary>
    public string? Subject { get; set; }

    public string? ClientAddress { get; set; }
}
