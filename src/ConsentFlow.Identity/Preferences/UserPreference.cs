namespace ConsentFlow.Identity.Preferences;

/// <summary>
/// One remembered choice of a staff member (the screen language, the board's last filters), kept with the account so it
/// follows them across sign-ins and devices. Never patient data: a search by name or MRN is not remembered.
/// </summary>
public sealed class UserPreference
{
    public string UserId { get; set; } = "";
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
    public DateTime UpdatedAtUtc { get; set; }
}

/// <summary>The preference keys in use; one place, so a new screen cannot collide with another's.</summary>
public static class PreferenceKeys
{
    public const string Language = "language";
    public const string BoardFilters = "board.filters";
    public const string InboxFilters = "inbox.filters";
}
