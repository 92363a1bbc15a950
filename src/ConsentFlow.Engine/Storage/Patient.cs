namespace ConsentFlow.Engine.Storage;

/// <summary>
/// A person the clinic treats, identified by a medical record number within its assigning system. One patient has
/// many cases (procedure episodes); a case names its patient by <see cref="PatientCase.PatientId"/>.
/// </summary>
public sealed class Patient
{
    /// <summary>The MRN system used when a caller names none: the clinic's own record numbers.</summary>
    public const string LocalMrnSystem = "urn:consentflow:mrn";

    public Guid Id { get; set; }
    public string MrnSystem { get; set; } = LocalMrnSystem;
    public string Mrn { get; set; } = "";
    public string FamilyName { get; set; } = "";
    public string GivenName { get; set; } = "";
    public DateOnly BirthDate { get; set; }
    public string? Sex { get; set; }
    public string Language { get; set; } = "en";
    public DateTime CreatedAtUtc { get; set; }
    public int Version { get; set; }
}
