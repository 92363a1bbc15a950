namespace ConsentFlow.Engine.Scenarios;

/// <summary>How one scenario ran: passed when nothing failed; the trace tells what happened step by step.</summary>
public sealed record ScenarioResult(Scenario Scenario, IReadOnlyList<ScenarioProblem> Failures, IReadOnlyList<string> Trace, TimeSpan Elapsed)
{
    public bool Passed => Failures.Count == 0;
}
