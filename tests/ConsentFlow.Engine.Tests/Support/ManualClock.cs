namespace ConsentFlow.Engine.Tests.Support;

/// <summary>A clock the test moves by hand, so expiry and delays are checked without waiting.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;
    public override DateTimeOffset GetUtcNow() => Now;
    public void Advance(TimeSpan by) => Now += by;
}
