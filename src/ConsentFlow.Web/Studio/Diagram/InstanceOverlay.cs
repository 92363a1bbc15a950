namespace ConsentFlow.Web.Studio.Diagram;

/// <summary>Where a running case stands at one step.</summary>
public enum StepState
{
    NotReached,
    Done,
    /// <summary>A token is moving through the step right now (automatic steps).</summary>
    Active,
    /// <summary>A token waits here for a person, a timer or the other paths of a join.</summary>
    Waiting,
    /// <summary>A hard stop holds the case here until it is overridden.</summary>
    Blocked,
}

/// <summary>One token of the case: the step it is at, and the parallel path it runs on (null outside a parallel section).</summary>
public sealed record TokenPosition(string StepId, StepState State, string? Path);

/// <summary>A running case drawn over its workflow's diagram: each step's state and where the tokens are.</summary>
public sealed record InstanceOverlay(IReadOnlyDictionary<string, StepState> Steps, IReadOnlyList<TokenPosition> Tokens)
{
    public static readonly InstanceOverlay Empty = new(new Dictionary<string, StepState>(), []);

    public StepState StateOf(string stepId) => Steps.GetValueOrDefault(stepId, StepState.NotReached);

    public int TokensAt(string stepId) => Tokens.Count(t => t.StepId == stepId);
}
