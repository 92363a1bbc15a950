using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Engine.Runtime;

/// <summary>
/// A client's Idempotency-Key for one operation, with the hash of what it asked for: the same key and request replay
/// the first result; the same key with another request is a conflict. The record is saved in the same transaction as
/// the change it belongs to, so a retry never finds a change without its result or a result without its change.
/// </summary>
public sealed record IdempotencyClaim(string Key, string RequestHash)
{
    /// <summary>The key column's width; longer keys are refused at the API edge.</summary>
    public const int MaxKeyLength = 128;

    /// <summary>
    /// Null without a key. <paramref name="request"/> is serialized as JSON, so equal requests hash equally. The key is
    /// the caller's for this operation: two people who happen to pick the same key make two requests, not a conflict.
    /// </summary>
    public static IdempotencyClaim? For(string? key, string operation, string actorId, object request) =>
        string.IsNullOrEmpty(key) ? null
        : new(operation + ":" + Sha256($"{actorId}|{key}"), Sha256($"{operation}|{actorId}|{JsonSerializer.Serialize(request)}"));

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>The first result for this key, or null when the key is new; a key reused for another request is a conflict.</summary>
    internal async Task<T?> PreviousAsync<T>(ConsentFlowDbContext db, Guid taskId = default) where T : class
    {
        var record = await SessionQueries.Idempotency(db, Key);
        if (record is null) return null;
        if (record.TaskId != taskId || record.RequestHash != RequestHash)
            throw new ConflictException("This idempotency key was already used for a different request.");
        return JsonSerializer.Deserialize<T>(record.ResultJson);
    }

    internal void Record<T>(ConsentFlowDbContext db, T result, DateTime now, Guid taskId = default) =>
        db.IdempotencyKeys.Add(new IdempotencyRecord
        {
            Key = Key, TaskId = taskId, RequestHash = RequestHash, ResultJson = JsonSerializer.Serialize(result), CreatedAtUtc = now,
        });
}
