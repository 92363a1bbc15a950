namespace ConsentFlow.Engine.Scenarios;

/// <summary>A clock moved only by the scenario, so a 30-day expiry or a 2-hour fast is checked in milliseconds.</summary>
public sealed class ScenarioClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
}
