namespace ConsentFlow.Documents.Sealing;

/// <summary>The outcome of checking a sealed consent PDF.</summary>
/// <param name="Reason">"signature is valid" or why not, e.g. "signature is missing".</param>
/// <param name="DocumentId">Read from the document metadata; null when it cannot be found.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file, for looking the document up in storage.</param>
/// <param name="SignerThumbprint">SHA-256 thumbprint of the sealing certificate, when a signature was found.</param>
public sealed record PdfVerificationResult(
    bool IsValid,
    string Reason,
    Guid? DocumentId,
    int? Version,
    string Sha256,
    string? SignerSubject = null,
    string? SignerThumbprint = null,
    DateTimeOffset? SigningTime = null);
