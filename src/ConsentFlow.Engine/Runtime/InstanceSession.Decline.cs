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
    public bool HasSignedConsent() => SignedConsent() is not null;

    /// <summary>The newest live consent someone has signed (active, or still awaiting further signatures); null if none.</summary>
    private ConsentRecord? SignedConsent() =>
        LiveConsents.Where(c => c.Status == ConsentStatus.Active || (c.Status == ConsentStatus.Proposed && Signatures(c).Count > 0))
            .MaxBy(c => c.CreatedAtUtc);

    /// <summary>
    /// Where the patient's own consent stands: signed exactly when <see cref="HasSignedConsent"/> holds on a case still
    /// open (the tablet may then record a withdrawal); otherwise how the patient ended the case, if they did.
    /// </summary>
    /// <param name="newestConsentStatus">The status of the instance's newest consent, live or not; it tells a refusal from a withdrawal.</param>
    private const string PatientSignerRole = "patient"; // the definitions' signer role of the patient or representative

    public PatientConsentStanding PatientStanding(ConsentStatus? newestConsentStatus)
    {
        if (Instance.Status == InstanceStatus.Withdrawn)
            return new(newestConsentStatus == ConsentStatus.Rejected ? ConsentStanding.Declined : ConsentStanding.Withdrawn);
        if (Instance.Status is not (InstanceStatus.Running or InstanceStatus.Ready) || SignedConsent() is not { } consent)
            return new(ConsentStanding.NotSigned);
        var signatures = Signatures(consent).OfType<System.Text.Json.Nodes.JsonObject>().ToList();
        var signer = signatures.FirstOrDefault(s => s["signerRole"]?.GetValue<string>() == PatientSignerRole) ?? signatures.FirstOrDefault();
        return new(ConsentStanding.Signed, signer is null ? null : ConsentSnapshots.PrintedName(signer),
            signer is null ? consent.SignedAtUtc : ConsentSnapshots.SignedAt(signer));
    }
}
