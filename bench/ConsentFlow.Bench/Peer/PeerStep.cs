using ConsentFlow.Bench.Harness;

namespace ConsentFlow.Bench.Peer;

/// <summary>
/// Every event a peer journey waits for. The first four are the harness's human steps, with the same values so a
/// <see cref="HumanStep"/> converts by a cast; the rest are the PELD consent path's own submissions, in the order the
/// ConsentFlow driver issues them before the surgeon's attestation.
/// </summary>
public enum PeerStep
{
    ImagingReview = (int)HumanStep.ImagingReview,
    SedationScreening = (int)HumanStep.SedationScreening,
    ConsentSignature = (int)HumanStep.ConsentSignature,
    DayOfVerification = (int)HumanStep.DayOfVerification,
    ConsentDiscussion,
    TeachBack,
    PatientSignature,
    WitnessSignature,
}

public static class PeerSteps
{
    public static PeerStep Of(HumanStep step) => (PeerStep)step;

    /// <summary>The event name each step's WaitFor listens for; its key is the journey id.</summary>
    public static string EventNameOf(PeerStep step) => step switch
    {
        PeerStep.ImagingReview => "imaging-reviewed",
        PeerStep.SedationScreening => "sedation-screened",
        PeerStep.ConsentSignature => "consent-signed",
        PeerStep.DayOfVerification => "day-of-verified",
        PeerStep.ConsentDiscussion => "consent-discussed",
        PeerStep.TeachBack => "teach-back-done",
        PeerStep.PatientSignature => "patient-signed",
        PeerStep.WitnessSignature => "witness-signed",
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
    };
}
