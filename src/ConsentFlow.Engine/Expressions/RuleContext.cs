namespace ConsentFlow.Engine.Expressions;

/// <summary>
/// What a rule can see: case fields as <c>case.x</c>, submitted answers as <c>form.field</c>, lookup tables and the clock.
/// Values are already typed (decimal, bool, DateTime in UTC, string, string[]).
/// </summary>
public sealed class RuleContext(
    IReadOnlyDictionary<string, object?> values,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> tables,
    DateTime utcNow,
    TimeZoneInfo clinicTimeZone)
{
    public IReadOnlyDictionary<string, object?> Values { get; } = values;
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> Tables { get; } = tables;
    public DateTime UtcNow { get; } = utcNow;
    public TimeZoneInfo ClinicTimeZone { get; } = clinicTimeZone;

    public object? Value(string name) => Values.TryGetValue(name, out var value) ? value : null;
}
