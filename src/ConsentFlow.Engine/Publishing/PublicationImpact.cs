using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Publishing;

/// <summary>
/// One running case as an administrator may see it: identifiers and workflow state only, no patient data (access.md:
/// the administrator manages the system, not patients).
/// </summary>
public sealed record AffectedCase(Guid CaseId, Guid InstanceId, int Version, InstanceStatus Status, ConsentStatus? Consent, bool WouldReconsent);

/// <summary>
/// The running cases a publication concerns: they all stay on their version (how many on each), and those whose live
/// consent would be made inactive if the consent template were materially revised.
/// </summary>
public sealed record AffectedCases(string DefinitionId, int ActiveCount, IReadOnlyDictionary<int, int> ActiveByVersion, int WouldReconsentCount,
    IReadOnlyList<AffectedCase> Cases, bool ListTruncated);

public sealed class PublicationImpact(IDbContextFactory<ConsentFlowDbContext> contexts, DefinitionCatalog catalog, TimeProvider clock)
{
    /// <summary>The concern a materially revised consent template is reported as (domain §1, re-consent on).</summary>
    public const string TemplateRevised = "templateRevised";

    public const int ListedCases = 500;

    public async Task<AffectedCases> ForAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var running = await (from instance in db.Instances.AsNoTracking()
                             join patientCase in db.Cases.AsNoTracking() on instance.CaseId equals patientCase.Id
                             where instance.DefinitionId == definitionId
                                   && (instance.Status == InstanceStatus.Running || instance.Status == InstanceStatus.Ready)
                             select new { instance.Id, instance.CaseId, instance.DefinitionVersion, instance.Status, patientCase.ScheduledStartUtc, patientCase.TimeZoneId })
            .ToListAsync(cancellationToken);
        var liveConsents = await (from consent in db.Consents.AsNoTracking()
                                  join instance in db.Instances.AsNoTracking() on consent.InstanceId equals instance.Id
                                  where instance.DefinitionId == definitionId
                                        && (instance.Status == InstanceStatus.Running || instance.Status == InstanceStatus.Ready)
                                        && (consent.Status == ConsentStatus.Active || consent.Status == ConsentStatus.Proposed)
                                  select new { consent.InstanceId, consent.StepId, consent.Status })
            .ToListAsync(cancellationToken);
        var consentsByInstance = liveConsents.ToLookup(c => c.InstanceId);

        var reconsentSteps = new Dictionary<int, HashSet<string>>();
        foreach (var version in running.Select(r => r.DefinitionVersion).Distinct())
        {
            var definition = await catalog.GetAsync(definitionId, version, cancellationToken);
            reconsentSteps[version] = definition.Steps.Where(s => s.ReconsentOn.Contains(TemplateRevised)).Select(s => s.Id).ToHashSet();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var cases = running.Select(r =>
        {
            var consents = consentsByInstance[r.Id].ToList();
            // Same rule as reporting the concern: on or before the procedure's clinic day, a live consent on a step that lists it.
            var ahead = ClinicDate(now, r.TimeZoneId) <= ClinicDate(r.ScheduledStartUtc, r.TimeZoneId);
            var would = ahead && consents.Any(c => reconsentSteps[r.DefinitionVersion].Contains(c.StepId));
            var consent = consents.Count == 0 ? (ConsentStatus?)null : consents.Any(c => c.Status == ConsentStatus.Active) ? ConsentStatus.Active : ConsentStatus.Proposed;
            return new AffectedCase(r.CaseId, r.Id, r.DefinitionVersion, r.Status, consent, would);
        }).ToList();

        return new AffectedCases(definitionId, cases.Count,
            cases.GroupBy(c => c.Version).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()),
            cases.Count(c => c.WouldReconsent),
            cases.OrderByDescending(c => c.WouldReconsent).ThenBy(c => c.Version).ThenBy(c => c.CaseId).Take(ListedCases).ToList(),
            cases.Count > ListedCases);
    }

    private static DateOnly ClinicDate(DateTime utc, string zoneId) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone) ? zone : TimeZoneInfo.Utc));
}
