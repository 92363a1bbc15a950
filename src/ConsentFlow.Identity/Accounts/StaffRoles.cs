namespace ConsentFlow.Identity.Accounts;

/// <summary>The roles a staff account can hold (access.md). A person may hold several.</summary>
public static class StaffRoles
{
    public const string Nurse = "nurse";
    public const string Surgeon = "surgeon";
    public const string Anesthesiologist = "anesthesiologist";
    public const string Scheduler = "scheduler";
    public const string Administrator = "administrator";

    public static readonly IReadOnlyList<string> All = [Nurse, Surgeon, Anesthesiologist, Scheduler, Administrator];

    /// <summary>Staff who may witness a patient's signature.</summary>
    public static readonly IReadOnlyList<string> Witnesses = [Nurse, Surgeon, Anesthesiologist];

    public static bool IsKnown(string role) => All.Contains(role);
}
