using System.Text.Json;
using ConsentFlow.Identity.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Identity.Preferences;

/// <summary>Reads and writes a staff member's remembered choices; values are small JSON documents or words.</summary>
public sealed class UserPreferences(IDbContextFactory<IdentityStoreContext> contexts, TimeProvider clock)
{
    public async Task<string?> GetAsync(string userId, string key, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.UserPreferences.AsNoTracking().Where(p => p.UserId == userId && p.Key == key).Select(p => p.Value).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<T?> GetAsync<T>(string userId, string key, CancellationToken cancellationToken) where T : class
    {
        var json = await GetAsync(userId, key, cancellationToken);
        if (json is null) return null;
        try
        {
            return JsonSerializer.Deserialize<T>(json);
        }
        catch (JsonException)
        {
            return null; // a shape an older release wrote: start from the defaults
        }
    }

    public Task SetAsync<T>(string userId, string key, T value, CancellationToken cancellationToken) where T : class =>
        SetAsync(userId, key, JsonSerializer.Serialize(value), cancellationToken);

    public async Task SetAsync(string userId, string key, string value, CancellationToken cancellationToken)
    {
        if (value.Length > UserPreferenceConfiguration.MaxValueLength) throw new ArgumentException($"A preference holds at most {UserPreferenceConfiguration.MaxValueLength} characters.", nameof(value));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.UserPreferences.FirstOrDefaultAsync(p => p.UserId == userId && p.Key == key, cancellationToken);
        if (row is null) db.UserPreferences.Add(row = new UserPreference { UserId = userId, Key = key });
        if (row.Value == value) return;
        row.Value = value;
        row.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (db.Entry(row).State == EntityState.Added)
        {
            // The same person on two devices at once: the other write won; both wrote a choice this person made.
        }
    }
}
