using System.Text.Json.Nodes;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Fhir.Mapping;

namespace ConsentFlow.Fhir;

internal sealed record ConsentEvent(string Action, DateTime AtUtc);

/// <summary>
/// A consent record with the journal entries that changed it. Each entry (proposed, each signature, active, inactive)
/// is one version of the FHIR Consent; the record as it stood after an entry is replayed from the entries before it.
/// </summary>
internal sealed record LoadedConsent(ConsentRecord Record, FhirPatientFacts Patient, PatientCase Case, ConsentParties Parties,
    IReadOnlyList<ConsentEvent> Events, IReadOnlyList<(Guid Id, DateTime CreatedAtUtc)> Documents)
{
    public static readonly IReadOnlySet<string> Actions = new HashSet<string> { "consent.proposed", "consent.signed", "consent.active", "consent.inactive", "consent.rejected" };

    public ConsentFacts Current() => new(Record, Patient, Case, Parties, DocumentOf(Record), Math.Max(1, Events.Count), Events.Count > 0 ? Events[^1].AtUtc : Record.CreatedAtUtc);

    /// <summary>The signed document (the current version of it) belongs to the consent once signed, in every later version.</summary>
    private Guid? DocumentOf(ConsentRecord state) =>
        state.Status == ConsentStatus.Proposed || Documents.Count == 0 ? null : Documents[0].Id;

    public IEnumerable<ConsentFacts> Versions()
    {
        if (Events.Count == 0) { yield return Current(); yield break; }
        var signatures = JsonNode.Parse(Record.SignaturesJson) as JsonArray ?? [];
        var state = new ConsentRecord
        {
            Id = Record.Id, InstanceId = Record.InstanceId, StepId = Record.StepId, Path = Record.Path, SnapshotJson = Record.SnapshotJson,
            CreatedAtUtc = Record.CreatedAtUtc, Status = ConsentStatus.Proposed, SignaturesJson = "[]",
        };
        var signed = 0;
        for (var i = 0; i < Events.Count; i++)
        {
            var (action, at) = (Events[i].Action, Events[i].AtUtc);
            switch (action)
            {
                case "consent.signed":
                    signed++;
                    state.SignaturesJson = new JsonArray(signatures.Take(signed).Select(s => s?.DeepClone()).ToArray()).ToJsonString();
                    break;
                case "consent.active":
                    (state.Status, state.SignedAtUtc, state.ExpiresAtUtc) = (ConsentStatus.Active, Record.SignedAtUtc, Record.ExpiresAtUtc);
                    break;
                case "consent.inactive":
                    (state.Status, state.InactiveReason, state.InactiveAtUtc) = (ConsentStatus.Inactive, Record.InactiveReason, at);
                    break;
                case "consent.rejected":
                    // The patient declined before signing (FHIR Consent "rejected").
                    (state.Status, state.InactiveReason, state.InactiveAtUtc) = (ConsentStatus.Rejected, Record.InactiveReason, at);
                    break;
            }
            yield return new ConsentFacts(Copy(state), Patient, Case, Parties, DocumentOf(state), i + 1, at);
        }
    }

    private static ConsentRecord Copy(ConsentRecord r) => new()
    {
        Id = r.Id, InstanceId = r.InstanceId, StepId = r.StepId, Path = r.Path, Status = r.Status, SnapshotJson = r.SnapshotJson,
        SignaturesJson = r.SignaturesJson, CreatedAtUtc = r.CreatedAtUtc, SignedAtUtc = r.SignedAtUtc, ExpiresAtUtc = r.ExpiresAtUtc,
        InactiveReason = r.InactiveReason, InactiveAtUtc = r.InactiveAtUtc, JournalHashAtSigning = r.JournalHashAtSigning,
    };
}
