using System.Text.Json;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Engine.Runtime;

/// <summary>The patient's refusal, given before any consent was signed: the consent is rejected and the workflow ends; and whether a signed consent is there to withdraw instead.</summary>
internal sealed partial class InstanceSession
{
    /// <summary>
    /// The consent awaiting signatures becomes rejected (FHIR Consent "rejected"); a refusal given before the signature
    /// step opened still leaves a rejected consent, so the refusal is a record of its own and not only a closed case.
    /// </summary>
    public void Decline()
    {
        if (LiveConsents.Any(c => c.Status == ConsentStatus.Active))
            throw new RejectedException("This consent is already signed: taking it back is a withdrawal, recorded by staff or on the tablet as such.");
        var refused = LiveConsents.Where(c => c.Status == ConsentStatus.Proposed).ToList();
        if (refused.Count == 0 && Definition.Steps.FirstOrDefault(s => s.Kind == StepKind.Signature) is { } signature)
        {
            var consent = new ConsentRecord
            {
                Id = Ids.New(), InstanceId = Instance.Id, StepId = signature.Id, Status = ConsentStatus.Proposed,
                SnapshotJson = JsonSerializer.Serialize(CaseSnapshot()), CreatedAtUtc = Now,
            };
            LiveConsents.Add(consent);
            Add(consent);
            refused.Add(consent);
        }
        foreach (var consent in refused)
        {
            consent.Status = ConsentStatus.Rejected;
            consent.InactiveReason = "declined by the patient";
            consent.InactiveAtUtc = Now;
            CancelTimers(t => t.ConsentId == consent.Id);
            Record("consent.rejected", consent.StepId, new { consent = consent.Id });
        }
        Close(InstanceStatus.Withdrawn, "the patient declined the procedure");
    }

    /// <summary>
    /// Whether the patient has signed a consent that is still live: active, or awaiting the staff's signatures after the
    /// patient's (the first signer's). Taking such a consent back is a withdrawal, not a refusal.
    /// </summary>
    public bool HasSignedConsent() =>
        LiveConsents.Any(c => c.Status == ConsentStatus.Active || (c.Status == ConsentStatus.Proposed && Signatures(c).Count > 0));
}
