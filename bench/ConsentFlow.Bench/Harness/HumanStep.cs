namespace ConsentFlow.Bench.Harness;

/// <summary>The human steps of the benchmark journey, in the shape of the default pre-procedure workflow.</summary>
public enum HumanStep
{
    ImagingReview,
    SedationScreening,
    ConsentSignature,
    DayOfVerification,
}

public static class JourneyShape
{
    /// <summary>The three tasks opened together by the parallel split; all must be submitted before the join.</summary>
    public static readonly HumanStep[] ParallelBranches =
        [HumanStep.ImagingReview, HumanStep.SedationScreening, HumanStep.ConsentSignature];

    /// <summary>Submissions per journey: three branches plus day-of verification.</summary>
    public const int SubmissionsPerJourney = 4;

    /// <summary>
    /// The order in which patient <paramref name="patientNumber"/>'s staff submit the branch tasks.
    /// Rotated per patient so no engine benefits from one branch always finishing first.
    /// </summary>
    public static IEnumerable<HumanStep> BranchOrderFor(int patientNumber)
    {
        for (var i = 0; i < ParallelBranches.Length; i++)
            yield return ParallelBranches[(patientNumber + i) % ParallelBranches.Length];
    }
}
