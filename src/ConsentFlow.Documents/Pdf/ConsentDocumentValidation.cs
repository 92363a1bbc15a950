namespace ConsentFlow.Documents.Pdf;

/// <summary>Rejects requests that could only produce an invalid consent, before any layout work.</summary>
internal static class ConsentDocumentValidation
{
    /// <param name="allSigned">False for the patient's copy, made before the staff and a staff interpreter have signed.</param>
    public static void Validate(ConsentDocumentRequest request, bool allSigned = true)
    {
        Require(request.DocumentId != Guid.Empty, "document id is empty");
        Require(request.Version >= 1, "version must be 1 or more");
        Require(request.Version == 1 || request.SupersedesDocumentId is not null, "a version after the first must name the document it supersedes");
        Require(request.Language == request.Consent.Language, "document language differs from the language of the consent text");
        Require(!string.IsNullOrWhiteSpace(request.Patient.DisplayName), "patient name is empty");
        Require(!string.IsNullOrWhiteSpace(request.Patient.Mrn), "medical record number is empty");
        Require(request.Signers.Any(s => s.Role is SignerRole.Patient or SignerRole.LegalRepresentative), "a patient or legal representative must sign");
        Require(request.Signers.All(s => !string.IsNullOrWhiteSpace(s.PrintedName)), "a signer has no printed name");
        var circumstances = request.Circumstances;
        Require(circumstances is not null, "the consent circumstances (capacity, signer, interpreter) are missing");
        Require(!string.IsNullOrWhiteSpace(circumstances!.CapacityAssessedBy), "who assessed the patient's capacity is missing");
        var representativeSigns = request.Signers.Any(s => s.Role == SignerRole.LegalRepresentative);
        Require(representativeSigns == circumstances.Representative is not null, "a legal representative signs exactly when their relationship and authority are recorded");
        Require(circumstances.PatientHasCapacity || representativeSigns, "a patient who lacks capacity cannot sign; a legal representative must");
        Require(!allSigned || circumstances.Interpreter is null || request.Signers.Any(s => s.Role == SignerRole.Interpreter), "an interpreter was used but did not sign");
        foreach (var signer in request.Signers)
            Require(TimeZoneInfo.TryFindSystemTimeZoneById(signer.TimeZoneId, out _), $"unknown time zone '{signer.TimeZoneId}'");
        Require(TimeZoneInfo.TryFindSystemTimeZoneById(request.ScheduledTimeZoneId, out _), $"unknown time zone '{request.ScheduledTimeZoneId}'");
    }

    static void Require(bool condition, string message)
    {
        if (!condition)
            throw new ArgumentException(message, "request");
    }
}
