using System.Security.Claims;
using ConsentFlow.Identity.Preferences;
using ConsentFlow.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace ConsentFlow.Web.Components.Preferences;

/// <summary>The board's last filters, without its free-text search (a name or MRN is patient data and is never kept).</summary>
/// <param name="FromDays">The range's first day, in days from today: the same window follows the person to another day and device.</param>
public sealed record BoardFilters(int? FromDays, int? ToDays, string? State, string? Surgeon, string? Role);

/// <summary>The inbox's last date range, in days from today; its search is not kept either.</summary>
public sealed record InboxFilters(int? FromDays, int? ToDays);

/// <summary>
/// The signed-in staff member's remembered choices (language, last filters), kept with the account in the identity
/// store so they follow the person across sign-ins and devices. A patient tablet session has none.
/// </summary>
public sealed class StaffPreferences(AuthenticationStateProvider authentication, UserPreferences store)
{
    public async Task RememberLanguageAsync(string language, CancellationToken cancellationToken = default)
    {
        if (UiState.Languages.Contains(language) && await StaffIdAsync() is { } id) await store.SetAsync(id, PreferenceKeys.Language, language, cancellationToken);
    }

    public async Task<BoardFilters?> BoardAsync(CancellationToken cancellationToken = default) =>
        await StaffIdAsync() is { } id ? await store.GetAsync<BoardFilters>(id, PreferenceKeys.BoardFilters, cancellationToken) : null;

    public async Task RememberBoardAsync(BoardFilters filters, CancellationToken cancellationToken = default)
    {
        if (await StaffIdAsync() is { } id) await store.SetAsync(id, PreferenceKeys.BoardFilters, filters with { Surgeon = Trim(filters.Surgeon) }, cancellationToken);
    }

    public async Task<InboxFilters?> InboxAsync(CancellationToken cancellationToken = default) =>
        await StaffIdAsync() is { } id ? await store.GetAsync<InboxFilters>(id, PreferenceKeys.InboxFilters, cancellationToken) : null;

    public async Task RememberInboxAsync(InboxFilters filters, CancellationToken cancellationToken = default)
    {
        if (await StaffIdAsync() is { } id) await store.SetAsync(id, PreferenceKeys.InboxFilters, filters, cancellationToken);
    }

    /// <summary>Days from today for a yyyy-MM-dd text, and back: how a date range is kept.</summary>
    public static int? DaysFromToday(string? date) =>
        DateOnly.TryParse(date, System.Globalization.CultureInfo.InvariantCulture, out var day) ? day.DayNumber - Today.DayNumber : null;

    /// <summary>A kept offset that would leave the calendar (kept long ago, or by hand) is no date at all, never an exception.</summary>
    public static string? DateFromToday(int? days) =>
        days is { } d && (long)Today.DayNumber + d is var n && n >= DateOnly.MinValue.DayNumber && n <= DateOnly.MaxValue.DayNumber
            ? DateOnly.FromDayNumber((int)n).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim()[..Math.Min(text.Trim().Length, 200)];

    private async Task<string?> StaffIdAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (user.Identity?.IsAuthenticated != true || user.IsKiosk()) return null;
        return user.FindFirstValue(ClaimTypes.NameIdentifier);
    }
}
