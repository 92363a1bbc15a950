using ConsentFlow.Engine.Forms;
using ConsentFlow.Engine.Runtime;

namespace ConsentFlow.Web.Api;

/// <summary>
/// The concurrency contract's headers, read one way for every endpoint: ETag/If-Match carry a version ("3"; W/"3" and 3
/// are accepted), Idempotency-Key a client's retry key. A header that cannot be read is a 400 naming it, never ignored.
/// </summary>
public static class Preconditions
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static string ETag(int version) => $"\"{version}\"";

    /// <summary>The version an If-Match asks for; null when absent or "*" (any version).</summary>
    public static int? ExpectedVersion(string? ifMatch)
    {
        if (string.IsNullOrWhiteSpace(ifMatch) || ifMatch.Trim() == "*") return null;
        var text = ifMatch.Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal)) text = text[2..];
        return int.TryParse(text.Trim('"'), out var version)
            ? version
            : throw new FormValidationException("headers", [new("If-Match", "must be the version from the ETag, like \"3\"")]);
    }

    /// <summary>The key as sent, or null; at most the stored width, printable ASCII (it is stored and compared, never shown).</summary>
    public static string? IdempotencyKey(string? key) =>
        key is null ? null
        : key.Length is > 0 and <= IdempotencyClaim.MaxKeyLength && key.All(c => c is >= '!' and <= '~')
            ? key
            : throw new FormValidationException("headers", [new(IdempotencyKeyHeader, $"must be 1 to {IdempotencyClaim.MaxKeyLength} printable ASCII characters")]);
}
