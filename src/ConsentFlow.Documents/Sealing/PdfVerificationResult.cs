namespace ConsentFlow.Documents.Sealing;

/// <summary>The outcome of checking a sealed consent PDF.</summary>
/// <param name="Reason">"signature is valid" or why not, e.g. "signature is missing".</param>
/// <param name="DocumentId">Read from the document metadata; null when it cannot be found.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file, for looking the document up in storage.</param>
/// <param name="SignerThumbprint">SHA-256 thumbprint of the sealing certificate, when a signature was found.</param>
/// <param name="SigningTime">The timestamp's time when there is one, else the time the seal claims (/M).</param>
/// <param name="Seal">The PAdES profile of the seal, when a signature was found.</param>
public sealed record PdfVerificationResult(
    bool IsValid,
    string Reason,
    Guid? DocumentId,
    int? Version,
    string Sha256,
    string? SignerSubject = null,
    string? SignerThumbprint = null,
    DateTimeOffset? SigningTime = null,
    SealProfile? Seal = null);

/// <summary>What an archive or a court asks of a seal beyond "the bytes are unchanged".</summary>
/// <param name="PadesLevel"><c>B-T</c>, <c>B-B</c>, or null when the seal is not PAdES baseline (see <paramref name="NotPadesBecause"/>).</param>
/// <param name="SubFilter">E.g. <c>ETSI.CAdES.detached</c>.</param>
/// <param name="DocMdpPermissions">1 = no changes permitted, 2 = form filling and signing, 3 = also annotations; null = not a certification signature.</param>
/// <param name="ClaimedTime">The signature dictionary's /M: the signer's own clock.</param>
/// <param name="Timestamp">The RFC 3161 token over the signature value, when present.</param>
/// <param name="Chain">Whether the sealing certificate chains to a configured trusted certificate; null when no trust store was given.</param>
public sealed record SealProfile(
    string? PadesLevel,
    string? NotPadesBecause,
    string? SubFilter,
    int? DocMdpPermissions,
    DateTimeOffset? ClaimedTime,
    TimestampCheck? Timestamp,
    ChainCheck? Chain);

/// <param name="Valid">The token's signature verifies and its message imprint is the hash of the seal's signature value.</param>
public sealed record TimestampCheck(bool Valid, DateTimeOffset? Time, string? Authority, string? Problem);

public sealed record ChainCheck(bool Trusted, string Status);
