using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Engine.Runtime;

/// <summary>Re-consent triggers that are reported rather than computed: the definition lists which events end a consent.</summary>
internal sealed partial class InstanceSession
{
    /// <summary>Makes every live consent whose step lists <paramref name="concern"/> inactive and restarts consent; true when one was.</summary>
    public bool ReportConsentConcern(string concern, string? staffNote)
    {
        var declared = Definition.Steps.SelectMany(s => s.ReconsentOn).Distinct().Order(StringComparer.Ordinal).ToList();
        if (!declared.Contains(concern))
            throw new RejectedException($"The concern is not a re-consent reason of workflow '{Definition.Id}' (known: {string.Join(", ", declared)}).");
        // The procedure day itself still counts: a start delayed by hours is exactly when capacity or the condition may change.
        if (ClinicDate(Now) > ClinicDate(Case.ScheduledStartUtc) || Instance.Status == InstanceStatus.Completed)
            throw new RejectedException("The procedure date has passed; a consent for a performed procedure is not reopened.");

        var affected = LiveConsents
            .Where(c => c.Status is ConsentStatus.Active or ConsentStatus.Proposed && Definition.Step(c.StepId).ReconsentOn.Contains(concern))
            .ToList();
        Record("consent.concern", null, new { concern, staffNote = string.IsNullOrWhiteSpace(staffNote) ? null : staffNote.Trim(), consents = affected.Select(c => c.Id) });
        foreach (var consent in affected) Reconsent(consent, $"re-consent: {concern}");
        return affected.Count > 0;
    }

    private DateOnly ClinicDate(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, Zone));
}
