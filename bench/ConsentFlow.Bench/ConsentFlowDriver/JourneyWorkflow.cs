using System.Text.Json.Nodes;
using ConsentFlow.Bench.Harness;

namespace ConsentFlow.Bench.ConsentFlowDriver;

/// <summary>A human step of the harness's journey as one ConsentFlow task: its step, signer and the role submitting it.</summary>
internal sealed record JourneyTask(string StepId, string? Signer, string Role);

/// <summary>
/// Which workflow ConsentFlow runs for the harness's journey. <see cref="PeerShape"/> is the peer's journey step for
/// step (the same four human steps, each a form of one answer), so the two engines do the same work;
/// <see cref="Peld"/> is the clinic's real default workflow, with its rules, hard stops and the four extra consent
/// submissions (discussion, teach-back, patient and witness signatures) before the measured surgeon attestation.
/// </summary>
public sealed class JourneyWorkflow
{
    private readonly Func<HumanStep, JourneyTask> _tasks;

    private JourneyWorkflow(string label, WorkloadShape shape, string definitionId, string file, bool consentPath, Func<HumanStep, JourneyTask> tasks)
    {
        Label = label;
        Shape = shape;
        DefinitionId = definitionId;
        File = file;
        HasConsentPath = consentPath;
        _tasks = tasks;
    }

    public string Label { get; }

    /// <summary>The peer runs the same shape in the same run, so each row has a like-for-like ratio.</summary>
    public WorkloadShape Shape { get; }

    public string DefinitionId { get; }

    /// <summary>The definition file, relative to the repository's root.</summary>
    public string File { get; }

    /// <summary>True when the consent branch needs the discussion, teach-back and two signatures before the surgeon's.</summary>
    public bool HasConsentPath { get; }

    internal JourneyTask TaskFor(HumanStep step) => _tasks(step);

    public static JourneyWorkflow PeerShape { get; } = new("the peer's journey", WorkloadShape.PeersJourney, "peer-journey",
        "bench/ConsentFlow.Bench/ConsentFlowDriver/peer-journey.workflow.json", consentPath: false, step => step switch
        {
            HumanStep.ImagingReview => new("imaging-review", null, "nurse"),
            HumanStep.SedationScreening => new("sedation-screening", null, "nurse"),
            HumanStep.ConsentSignature => new("consent-signature", null, "surgeon"),
            _ => new("day-of-verification", null, "nurse"),
        });

    public static JourneyWorkflow Peld { get; } = new("default PELD workflow", WorkloadShape.Peld, "peld-consent",
        "workflows/peld-consent.workflow.json", consentPath: true, step => step switch
        {
            HumanStep.ImagingReview => new("imaging-review", null, "nurse"),
            HumanStep.SedationScreening => new("sedation-screening", null, "nurse"),
            HumanStep.ConsentSignature => new("consent-signature", "surgeon", "surgeon"),
            _ => new("day-of-verification", null, "nurse"),
        });

    /// <summary>The peer's journey answers each step's one question; its forms are named after the step.</summary>
    internal static JsonObject PeerShapeAnswer(string stepId) => stepId switch
    {
        "imaging-review" => new JsonObject { ["reviewed"] = true },
        "sedation-screening" => new JsonObject { ["screened"] = true },
        "consent-signature" => new JsonObject { ["signed"] = true },
        _ => new JsonObject { ["verified"] = true },
    };
}
