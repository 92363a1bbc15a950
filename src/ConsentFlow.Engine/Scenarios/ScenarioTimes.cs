using System.Globalization;

namespace ConsentFlow.Engine.Scenarios;

/// <summary>Scenario clock times: an ISO date-time with its offset, or relative to the case (<c>@start-8d</c>, <c>@now+2h</c>).</summary>
public static class ScenarioTimes
{
    public static bool IsValid(string text) =>
        text.StartsWith('@') ? !text.EndsWith(":date", StringComparison.Ordinal) && AnswerBook.ResolveTime(text, ScenarioCase.DefaultScheduledStart, ScenarioCase.DefaultScheduledStart) is not null
            : TryParseAbsolute(text, out _);

    public static DateTimeOffset Resolve(string text, DateTimeOffset scheduledStart, DateTimeOffset now)
    {
        var absolute = text.StartsWith('@') ? AnswerBook.ResolveTime(text, scheduledStart, now) : text;
        if (absolute is not null && TryParseAbsolute(absolute, out var moment)) return moment;
        throw new FormatException($"'{text}' is not a scenario time (use 2026-05-12T08:00:00-05:00 or @start-90m)");
    }

    /// <summary>An offset is required: a clinic time without one would silently mean the test machine's zone.</summary>
    private static bool TryParseAbsolute(string text, out DateTimeOffset moment) =>
        text.EndsWith('Z')
            ? DateTimeOffset.TryParseExact(text, ["yyyy-MM-ddTHH:mm:ss'Z'", "yyyy-MM-ddTHH:mm'Z'"], CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out moment)
            : DateTimeOffset.TryParseExact(text, ["yyyy-MM-ddTHH:mm:sszzz", "yyyy-MM-ddTHH:mmzzz"], CultureInfo.InvariantCulture,
                DateTimeStyles.None, out moment);
}
