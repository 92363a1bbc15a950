using System.Globalization;

namespace ConsentFlow.Web.Components.Shared;

/// <summary>Times are shown in the case's own time zone: the clinic's wall clock, not the server's.</summary>
public static class CaseTime
{
    /// <summary>"Mon 4 May 2026, 07:30 (Chicago)" / "lun 4 may 2026, 07:30 (Chicago)": one format everywhere, with the zone named.</summary>
    public static string Format(DateTime utc, string timeZoneId, CultureInfo culture)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone(timeZoneId));
        return $"{local.ToString("ddd d MMM yyyy, HH:mm", culture)} ({ZoneName(timeZoneId)})";
    }

    public static TimeZoneInfo Zone(string timeZoneId) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>"America/Chicago" → "Chicago"; the city is what staff recognise, the full id is in the data.</summary>
    public static string ZoneName(string timeZoneId) =>
        Zone(timeZoneId) == TimeZoneInfo.Utc ? "UTC" : timeZoneId[(timeZoneId.LastIndexOf('/') + 1)..].Replace('_', ' ');

    /// <summary>A datetime-local input value ("2026-05-04T07:30") read as wall-clock time in the case's zone, with its offset.</summary>
    public static string? ToOffsetString(string? local, string timeZoneId)
    {
        if (!DateTime.TryParseExact(local, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall)) return null;
        var offset = Zone(timeZoneId).GetUtcOffset(wall);
        return new DateTimeOffset(wall, offset).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
    }
}
