namespace ConsentFlow.Identity.Audit;

public enum SecurityEventKind
{
    SignedIn, SignInFailed, LockedOut, SignedOut, SignInRefusedDisabled, Reauthenticated, ReauthenticationFailed,
    UserCreated, UserDisabled, UserEnabled, PasswordReset, ApiKeyCreated, ApiKeyRevoked, KioskStarted, KioskEnded, KioskExitFailed,
}

/// <summary>An account, key or session event, written at once (these are rare and must never be lost).</summary>
public sealed record SecurityEvent(SecurityEventKind Kind, string ActorId, string? Subject = null, string? Channel = null, string? ClientAddress = null);

public enum AccessKind { CaseListed, CaseViewed, TaskViewed, DocumentDownloaded, DocumentsListed, FhirRead, AuditTrailRead, AccessAuditRead, PatientLookedUp }

/// <summary>A read of patient data: who, when, which case, which resource (by opaque id).</summary>
/// <param name="Shown">
/// A list or search read: every case it showed. Each becomes its own audit row (with <paramref name="Subject"/>, the
/// list's path), so "who viewed this case" finds the board, the inbox and every search that showed it, not only the case
/// page. Empty: the read showed no case (still recorded once). Null: a read of one case, <paramref name="InstanceId"/>.
/// </param>
public sealed record AccessEvent(AccessKind Kind, string ActorId, string Channel, Guid? InstanceId, string? Subject = null, IReadOnlyCollection<Guid>? Shown = null);
