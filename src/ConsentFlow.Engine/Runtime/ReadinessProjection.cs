using System.Globalization;
using System.Text.Json;
using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Runtime;

/// <summary>
/// Keeps the board's read model (<see cref="CaseReadinessRow"/>) current: every unit of work writes its instance's row
/// in the same SaveChanges as the change itself, so a reader never sees a case whose row disagrees with its state.
/// </summary>
public static class ReadinessProjection
{
    internal static readonly IReadOnlyList<string> Languages = CaseValidator.Languages;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Adds or updates the row of the session's instance; call once per unit of work, just before saving. Returns the tracked row.</summary>
    internal static CaseReadinessRow Write(InstanceSession session, ConsentFlowDbContext db)
    {
        var row = Build(session);
        // A row already tracked (several units of work in one context, as the bulk writer does) takes the new values;
        // looking it up must not run DetectChanges over everything tracked.
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            if (db.CaseReadiness.Local.FindEntry(row.InstanceId) is { } tracked)
            {
                tracked.CurrentValues.SetValues(row);
                return tracked.Entity;
            }
            if (db.Entry(session.Instance).State == EntityState.Added) db.CaseReadiness.Add(row);
            // Every instance has its row (new ones from their start, older ones from the start-up backfill): update without reading it first.
            else db.CaseReadiness.Update(row);
            return row;
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    internal static CaseReadinessRow Build(InstanceSession session)
    {
        var byLanguage = Languages.ToDictionary(l => l, l => ReadinessCalculator.Calculate(session, l));
        var first = byLanguage[Languages[0]];
        var c = session.Case;
        var open = session.OpenTasks.Where(t => t.Status == WorkTaskStatus.Open).OrderBy(t => t.CreatedAtUtc).ToList();
        var roles = open.SelectMany(TaskViews.RolesOf).Distinct().Order(StringComparer.Ordinal).ToList();
        return new CaseReadinessRow
        {
            InstanceId = session.Instance.Id,
            CaseId = c.Id,
            PatientId = c.PatientId,
            SortKey = SortKey(c.ScheduledStartUtc, session.Instance.Id),
            ScheduledStartUtc = c.ScheduledStartUtc,
            TimeZoneId = c.TimeZoneId,
            Procedure = c.Procedure,
            Level = c.Level,
            Side = c.Side,
            Approach = c.Approach,
            Surgeon = c.Surgeon,
            SedationPlan = c.SedationPlan,
            Language = c.Language,
            Mrn = c.Mrn,
            FamilyName = c.FamilyName,
            GivenName = c.GivenName,
            FamilyNameKey = NameKey(c.FamilyName),
            GivenNameKey = NameKey(c.GivenName),
            BirthDate = c.BirthDate,
            Sex = c.Sex,
            State = first.State.ToString(),
            InstanceStatus = first.InstanceStatus,
            Phase = first.Phases is { Count: > 0 } phases ? phases[0].StepId : null,
            OpenRoles = roles.Count == 0 ? "" : "," + string.Join(",", roles) + ",",
            OpenTaskCount = open.Count,
            BlockerCount = first.Blockers.Count,
            BlockersJson = JsonSerializer.Serialize(byLanguage.ToDictionary(p => p.Key, p => p.Value.Blockers), Json),
            PhasesJson = JsonSerializer.Serialize(byLanguage.ToDictionary(p => p.Key, p => p.Value.Phases ?? []), Json),
            OpenTasksJson = JsonSerializer.Serialize(open.Select(t => new StoredTaskSummary(
                t.Id, t.StepId, t.Kind.ToString(), TaskViews.RolesOf(t), t.SignerRole,
                Languages.ToDictionary(l => l, l => TaskViews.Title(t, session.Definition, l)),
                string.IsNullOrEmpty(t.ReasonJson) ? null : Languages.ToDictionary(l => l, l => InstanceSession.InLanguage(t.ReasonJson, l)),
                t.CreatedAtUtc, t.DueAtUtc, t.Version)), Json),
            // The version this save gives the instance (SaveAsync increments it after the row is built).
            InstanceVersion = session.Instance.Version + 1,
            UpdatedAtUtc = session.Now,
        };
    }

    public static string SortKey(DateTime scheduledStartUtc, Guid instanceId) =>
        SortKeyPrefix(scheduledStartUtc) + "|" + instanceId.ToString("N");

    /// <summary>The part of the sort key that orders by time: every key of a later start compares greater.</summary>
    public static string SortKeyPrefix(DateTime utc) => utc.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    public static string NameKey(string name) => name.Trim().ToLowerInvariant();
}

/// <summary>An open task as the board stores it: enough to list it in an inbox without loading the instance.</summary>
public sealed record StoredTaskSummary(Guid Id, string StepId, string Kind, IReadOnlyList<string> Roles, string? SignerRole,
    IReadOnlyDictionary<string, string> Title, IReadOnlyDictionary<string, string>? Reason, DateTime CreatedAtUtc, DateTime? DueAtUtc, int Version);
