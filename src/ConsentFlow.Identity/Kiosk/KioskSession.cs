namespace ConsentFlow.Identity.Kiosk;

/// <summary>
/// A patient tablet locked to one case. The staff member who started it vouches for the signer's identity (two
/// identifiers and photo ID checked); that is recorded with every signature given in the session.
/// </summary>
public sealed class KioskSession
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public string StartedByUserId { get; set; } = "";
    public DateTime StartedAtUtc { get; set; }
    public DateTime? EndedAtUtc { get; set; }
    public string? EndedBy { get; set; }

    /// <summary>Hash of the short exit PIN the staff member chose; the PIN itself is never stored.</summary>
    public string ExitPinHash { get; set; } = "";

    /// <summary>The two identifiers (name and date of birth against the MRN band) were checked with the patient.</summary>
    public bool IdentifiersChecked { get; set; }
    public bool PhotoIdChecked { get; set; }

    /// <summary>An external interpreter recorded by the staff member (name, ID number, agency, mode), as JSON; null when none.</summary>
    public string? InterpreterJson { get; set; }

    /// <summary>What the medication record showed at hand-over: a sedative or opioid charted as given, and when (staff record it; the patient is never asked).</summary>
    public bool PremedicationCharted { get; set; }
    public DateTime? PremedicationGivenAtUtc { get; set; }

    /// <summary>Set when the tablet goes to its lock screen; only the PIN or a staff password opens it again.</summary>
    public DateTime? LockedAtUtc { get; set; }

    /// <summary>Wrong PINs in a row; past a few, only a staff password ends or resumes the session.</summary>
    public int FailedPinAttempts { get; set; }
}

/// <summary>An external interpreter who has no account: recorded by staff, signs on the tablet.</summary>
public sealed record ExternalInterpreter(string Name, string IdNumber, string Agency, string Mode, string Language);

/// <summary>A sedative or opioid charted as given before the signature, as the staff member read it from the medication record.</summary>
public sealed record ChartedPremedication(bool Charted, DateTime? GivenAtUtc);

/// <summary>What the staff member attests when handing the tablet over.</summary>
public sealed record KioskStart(
    Guid InstanceId, bool IdentifiersChecked, bool PhotoIdChecked, string ExitPin, ExternalInterpreter? Interpreter, ChartedPremedication? Premedication = null);

/// <summary>A running kiosk session as the tablet pages see it.</summary>
public sealed record KioskView(
    Guid SessionId, Guid InstanceId, string StartedByUserId, DateTime StartedAtUtc, ExternalInterpreter? Interpreter, ChartedPremedication Premedication, bool Locked);
