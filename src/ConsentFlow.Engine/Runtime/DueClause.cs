using ConsentFlow.Engine.Expressions;

namespace ConsentFlow.Engine.Runtime;

/// <summary>
/// The due clause that ends a waiting line (", due 2026-05-01 08:00", ", vencida desde …"). Public so a reader that
/// rewrites the line for someone who may not see the rest of it (a scheduler) words the time exactly as the engine does.
/// </summary>
public static class DueClause
{
    public static string Of(DateTime dueAtUtc, bool overdue, string language, TimeZoneInfo clinicZone)
    {
        var local = MessageTemplate.Format(DateTime.SpecifyKind(dueAtUtc, DateTimeKind.Utc), clinicZone);
        return (overdue, language) switch
        {
            (true, "es") => $", vencida desde {local}",
            (true, _) => $", overdue since {local}",
            (false, "es") => $", vence {local}",
            (false, _) => $", due {local}",
        };
    }
}
