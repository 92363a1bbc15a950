namespace ConsentFlow.Engine.FollowUps;

/// <summary>The kinds of follow-up work the engine records; hosts register a handler for each.</summary>
public static class FollowUpKinds
{
    /// <summary>A consent became active: its signed document must be produced (subject = the consent).</summary>
    public const string ConsentDocument = "consent-document";
}
