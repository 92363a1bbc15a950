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
}

/// <summary>An external interpreter who has no account: recorded by staff, signs on the tablet.</summary>
public sealed record ExternalInterpreter(string Name, string IdNumber, string Agency, string Mode, string Language);

/// <summary>What the staff member attests when handing the tablet over.</summary>
public sealed record KioskStart(Guid InstanceId, bool IdentifiersChecked, bool PhotoIdChecked, string ExitPin, ExternalInterpreter? Interpreter);

/// <summary>A running kiosk session as the tablet pages see it.</summary>
public sealed record KioskView(Guid SessionId, Guid InstanceId, string StartedByUserId, DateTime StartedAtUtc, ExternalInterpreter? Interpreter);
