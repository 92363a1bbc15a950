using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;

namespace ConsentFlow.Documents.Sealing;

/// <summary>
/// An RFC 3161 timestamp authority reached over HTTP. Its token over the signature value turns a
/// PAdES B-B seal into B-T: proof from a third party that the seal existed at that time.
/// </summary>
public sealed class TimestampAuthority(HttpClient http, Uri url)
{
    /// <summary>Room reserved in the PDF for the token (certificates included) on top of the signature.</summary>
    internal const int ReservedTokenBytes = 12 * 1024;

    public Uri Url { get; } = url;

    /// <exception cref="TimestampAuthorityException">The authority could not be reached or its answer does not match the request.</exception>
    public async Task<Rfc3161TimestampToken> StampAsync(SignerInfo signer, CancellationToken cancellationToken)
    {
        var request = Rfc3161TimestampRequest.CreateFromSignerInfo(signer, HashAlgorithmName.SHA256,
            requestSignerCertificates: true, nonce: RandomNumberGenerator.GetBytes(8));
        using var content = new ByteArrayContent(request.Encode());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        try
        {
            using var response = await http.PostAsync(Url, content, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new TimestampAuthorityException($"timestamp authority answered HTTP {(int)response.StatusCode}");
            var reply = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            // ProcessResponse checks status, nonce, message imprint and that the token's signature verifies.
            return request.ProcessResponse(reply, out _);
        }
        catch (Exception ex) when (ex is HttpRequestException or CryptographicException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new TimestampAuthorityException($"timestamp authority failed: {ex.Message}", ex);
        }
    }
}

public sealed class TimestampAuthorityException(string message, Exception? inner = null) : Exception(message, inner);
