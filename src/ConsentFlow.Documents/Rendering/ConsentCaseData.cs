namespace ConsentFlow.Documents.Rendering;

/// <summary>The case facts a consent template needs; <paramref name="Side"/> is <c>left</c> or <c>right</c>.</summary>
public sealed record ConsentCaseData(
    string PatientDisplayName,
    string Mrn,
    DateOnly DateOfBirth,
    string Level,
    string Side,
    string Surgeon,
    DateOnly ScheduledDate);
