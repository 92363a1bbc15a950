namespace ConsentFlow.Web.Api;

/// <summary>The roles a caller may act in: the workflow's roles plus the office roles that manage cases and definitions.</summary>
public static class Roles
{
    public const string Nurse = "nurse";
    public const string Surgeon = "surgeon";
    public const string Anesthesiologist = "anesthesiologist";
    public const string Patient = "patient";
    public const string Witness = "witness";
    public const string Interpreter = "interpreter";
    public const string Scheduler = "scheduler";
    public const string Administrator = "administrator";

    public static readonly IReadOnlyList<string> All = [Nurse, Surgeon, Anesthesiologist, Patient, Witness, Interpreter, Scheduler, Administrator];

    /// <summary>Who may book, change or cancel a case.</summary>
    public static readonly string[] CaseManagers = [Scheduler, Nurse, Surgeon];

    /// <summary>Who may record that the patient withdrew consent: the patient or the staff who heard it.</summary>
    public static readonly string[] WithdrawalRecorders = [Patient, Nurse, Surgeon, Anesthesiologist];

    /// <summary>Staff who may produce a signed consent document again (a new version superseding the current one).</summary>
    public static readonly string[] DocumentProducers = [Nurse, Surgeon, Administrator];
}
