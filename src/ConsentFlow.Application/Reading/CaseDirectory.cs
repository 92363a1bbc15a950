using System.Text.Json;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Application.Reading;

public sealed record PatientSummary(string Mrn, string FamilyName, string GivenName, DateOnly BirthDate, string? Sex)
{
    public string DisplayName => $"{FamilyName}, {GivenName}";
}

public sealed record CaseSummary(
    Guid InstanceId, Guid CaseId, PatientSummary Patient, string Procedure, string Cpt, string Level, string Side, string Approach,
    string Surgeon, string SedationPlan, DateTime ScheduledStartUtc, string TimeZoneId, string Language, Readiness Readiness);

public sealed record ConsentSummary(Guid Id, string Status, DateTime CreatedAtUtc, DateTime? SignedAtUtc, DateTime? ExpiresAtUtc, string? InactiveReason);

/// <param name="Version">The instance version this view was read at: the case's ETag, and what If-Match on a change compares with.</param>
public sealed record CaseDetail(CaseSummary Case, IReadOnlyList<TaskView> OpenTasks, IReadOnlyList<ConsentSummary> Consents, int Version);

/// <summary>Read-only views the engine's runtime does not offer (a case page, hard-stop reasons; the board is <see cref="Worklist"/>); state changes go through the runtime.</summary>
public sealed class CaseDirectory(IDbContextFactory<ConsentFlowDbContext> contexts, WorkflowRuntime runtime)
{
    public async Task<CaseDetail> GetAsync(Guid instanceId, string language, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await (from instance in db.Instances.AsNoTracking()
                         join patientCase in db.Cases.AsNoTracking() on instance.CaseId equals patientCase.Id
                         where instance.Id == instanceId
                         select new { instance.Id, instance.Version, patientCase }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"Workflow instance {instanceId}");
        var consents = await db.Consents.AsNoTracking().Where(c => c.InstanceId == instanceId).OrderBy(c => c.CreatedAtUtc)
            .Select(c => new ConsentSummary(c.Id, c.Status.ToString(), c.CreatedAtUtc, c.SignedAtUtc, c.ExpiresAtUtc, c.InactiveReason))
            .ToListAsync(cancellationToken);
        // The board's row holds readiness as of the last change or timer: the case page reads it instead of loading the instance.
        var board = await db.CaseReadiness.AsNoTracking().FirstOrDefaultAsync(r => r.InstanceId == instanceId, cancellationToken);
        var readiness = board is not null ? Worklist.Item(board, language).Case.Readiness : await runtime.GetReadinessAsync(instanceId, language, cancellationToken);
        var tasks = await runtime.ListTasksAsync(new TaskQuery(InstanceId: instanceId, Language: language), cancellationToken);
        return new CaseDetail(Summary(row.Id, row.patientCase, readiness), tasks, consents, row.Version);
    }

    /// <summary>The hard-stop sentences an override task answers, so the reviewer sees exactly what they are overriding.</summary>
    public async Task<IReadOnlyList<string>> OverrideReasonsAsync(Guid taskId, string language, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Matched by token and step, not task: when every role must override, each role has its own task for the same stops.
        var task = await db.Tasks.AsNoTracking().Where(t => t.Id == taskId).Select(t => new { t.TokenId, t.StepId }).FirstOrDefaultAsync(cancellationToken);
        if (task is null) return [];
        var messages = await db.HardStops.AsNoTracking().Where(s => s.TokenId == task.TokenId && s.StepId == task.StepId).OrderBy(s => s.RaisedAtUtc)
            .Select(s => s.MessageJson).ToListAsync(cancellationToken);
        return messages.Select(json => InLanguage(json, language)).ToList();
    }

    public async Task<PatientSummary> PatientOfInstanceAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await (from instance in db.Instances.AsNoTracking()
                      join c in db.Cases.AsNoTracking() on instance.CaseId equals c.Id
                      where instance.Id == instanceId
                      select new PatientSummary(c.Mrn, c.FamilyName, c.GivenName, c.BirthDate, c.Sex)).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"Workflow instance {instanceId}");
    }

    /// <summary>Patient and plan for each case id, so an inbox can say whose task it is.</summary>
    public async Task<IReadOnlyDictionary<Guid, (PatientSummary Patient, string Level, string Side, DateTime ScheduledStartUtc, string TimeZoneId)>> CasesAsync(
        IEnumerable<Guid> caseIds, CancellationToken cancellationToken)
    {
        var ids = caseIds.Distinct().ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync(cancellationToken);
        return rows.ToDictionary(c => c.Id, c => (new PatientSummary(c.Mrn, c.FamilyName, c.GivenName, c.BirthDate, c.Sex), c.Level, c.Side, c.ScheduledStartUtc, c.TimeZoneId));
    }

    private static CaseSummary Summary(Guid instanceId, PatientCase c, Readiness readiness) => new(
        instanceId, c.Id, new PatientSummary(c.Mrn, c.FamilyName, c.GivenName, c.BirthDate, c.Sex), c.Procedure, c.Cpt, c.Level, c.Side,
        c.Approach, c.Surgeon, c.SedationPlan, c.ScheduledStartUtc, c.TimeZoneId, c.Language, readiness);

    private static string InLanguage(string json, string language)
    {
        var texts = JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
        return texts.TryGetValue(language, out var text) ? text : texts.GetValueOrDefault("en", "");
    }
}
