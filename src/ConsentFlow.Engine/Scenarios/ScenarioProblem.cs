namespace ConsentFlow.Engine.Scenarios;

/// <summary>Something wrong with a scenario file, or a scenario that did not turn out as expected.</summary>
public sealed record ScenarioProblem(string File, string JsonPath, string Message)
{
    public override string ToString() => $"{File}: {JsonPath}: {Message}";
}
