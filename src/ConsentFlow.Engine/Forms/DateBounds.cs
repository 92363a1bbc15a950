using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Expressions;

namespace ConsentFlow.Engine.Forms;

/// <summary>A moment a date answer cannot come after, named by a field's <c>notAfter</c> in the definition.</summary>
public enum DateBound
{
    /// <summary>Something that already happened (a last dose, a study): never later than the moment it is recorded.</summary>
    Now,
    /// <summary>Something done before the procedure: never after its scheduled start (for a date: after its day).</summary>
    ProcedureStart,
}

/// <summary>
/// Refuses date answers that cannot be true for the case (imaging dated after the procedure, a last dose in the future).
/// A date field is compared by day in the case's time zone, a date-and-time field to the moment. The message names the
/// bound, never the value or the case's dates (they are patient data and the message may be logged).
/// </summary>
internal static class DateBounds
{
    public const string AfterProcedureDay = "must not be after the day of the procedure";
    public const string AfterProcedureStart = "must not be after the scheduled start of the procedure";
    public const string InTheFuture = "must not be in the future";

    public static string? Check(FieldDefinition field, object? value, RuleContext context)
    {
        if (value is not DateTime answer || field.NotAfter.Count == 0) return null;
        // The procedure first: for a case entered after the fact it is the bound that says what is wrong.
        foreach (var bound in field.NotAfter.OrderByDescending(b => b == DateBound.ProcedureStart))
        {
            var limit = bound == DateBound.Now ? context.UtcNow : context.Value("case." + CaseFields.ScheduledStart) as DateTime?;
            if (limit is not { } utc || !IsAfter(field, answer, utc, context.ClinicTimeZone)) continue;
            return bound == DateBound.Now ? InTheFuture : field.Type == FieldType.Date ? AfterProcedureDay : AfterProcedureStart;
        }
        return null;
    }

    private static bool IsAfter(FieldDefinition field, DateTime answer, DateTime limitUtc, TimeZoneInfo zone) =>
        field.Type == FieldType.Date
            ? answer.Date > TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(limitUtc, DateTimeKind.Utc), zone).Date
            : answer > limitUtc;
}
