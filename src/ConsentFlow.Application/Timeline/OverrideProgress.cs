using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Publishing;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Application.Timeline;

/// <summary>One role's override of a hard stop: who, when, and the written reason.</summary>
public sealed record GivenOverride(string Role, string ActorId, DateTime AtUtc, string Reason);

/// <summary>
/// A hard stop and how far its overrides have come. Where every role must override (domain §3: surgeon and
/// anesthesia), <see cref="Needed"/> names the roles still to act.
/// </summary>
public sealed record OverrideState(
    Guid TaskTokenId, string StepId, string StepTitle, IReadOnlyList<string> Roles, bool EveryRole, IReadOnlyList<string> Findings,
    IReadOnlyList<GivenOverride> Given, IReadOnlyList<string> Needed, bool Lifted, DateTime RaisedAtUtc)
{
    /// <summary>"1 of 2 roles have overridden: surgeon done, anesthesiologist needed" while a second role must still act; else null.</summary>
    public string? Progress(string language, Func<string, string>? roleName = null) =>
        EveryRole && Roles.Count > 1 && !Lifted ? OverrideProgress.Sentence(Given.Select(g => g.Role).ToList(), Roles, language, roleName) : null;

    /// <summary>The stop without its findings and reasons (screening answers) for a reader without a clinical role.</summary>
    public OverrideState WithoutClinicalDetail() => this with { Findings = [], Given = Given.Select(g => g with { Reason = "" }).ToList() };
}

/// <summary>Reads a case's hard stops with the overrides given and still needed, for the case page and the override task.</summary>
public sealed class OverrideProgress(IDbContextFactory<ConsentFlowDbContext> contexts, DefinitionCatalog catalog)
{
    /// <summary>"1 of 2 roles have overridden: surgeon done, anesthesiologist needed"; <paramref name="roleName"/> words the role codes.</summary>
    public static string Sentence(IReadOnlyCollection<string> doneRoles, IReadOnlyList<string> roles, string language, Func<string, string>? roleName = null)
    {
        var term = roleName ?? (role => role);
        var parts = roles.Select(r => doneRoles.Contains(r)
            ? (language == "es" ? $"{term(r)} hecho" : $"{term(r)} done")
            : (language == "es" ? $"falta {term(r)}" : $"{term(r)} needed"));
        var done = roles.Count(doneRoles.Contains);
        return language == "es"
            ? $"{done} de {roles.Count} roles han anulado: {string.Join(", ", parts)}."
            : $"{done} of {roles.Count} roles have overridden: {string.Join(", ", parts)}.";
    }

    public async Task<IReadOnlyList<OverrideState>> ReadAsync(Guid instanceId, string language, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var instance = await db.Instances.AsNoTracking().Where(i => i.Id == instanceId).Select(i => new { i.DefinitionId, i.DefinitionVersion })
            .FirstOrDefaultAsync(cancellationToken) ?? throw new NotFoundException($"Workflow instance {instanceId}");
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.InstanceId == instanceId && t.Kind == TaskKind.Override).ToListAsync(cancellationToken);
        if (tasks.Count == 0) return [];
        var stops = await db.HardStops.AsNoTracking().Where(s => s.InstanceId == instanceId).ToListAsync(cancellationToken);
        // The journal's order breaks ties: two overrides can carry the same clock reading.
        var recorded = (await db.Journal.AsNoTracking().Where(e => e.InstanceId == instanceId && e.Action == "hardstop.overridden")
                .Select(e => new { e.DetailsJson, e.Sequence }).ToListAsync(cancellationToken))
            .Select(e => (Details: JsonNode.Parse(e.DetailsJson) as JsonObject, e.Sequence))
            .Where(e => e.Details?["task"] is not null)
            .ToDictionary(e => e.Details!["task"]!.GetValue<Guid>(), e => (Reason: e.Details!["reason"]?.GetValue<string>() ?? "", e.Sequence));
        var definition = await catalog.GetAsync(instance.DefinitionId, instance.DefinitionVersion, cancellationToken);

        var states = new List<OverrideState>();
        // One stop's tasks share its token and step; a rewind cancels them, and a stop raised again opens new ones.
        foreach (var group in tasks.GroupBy(t => (t.TokenId, t.StepId, Raised: t.CreatedAtUtc)).OrderByDescending(g => g.Key.Raised))
        {
            if (group.All(t => t.Status == WorkTaskStatus.Cancelled)) continue;
            var step = definition.FindStep(group.Key.StepId);
            var roles = step?.OverrideRoles ?? group.SelectMany(t => t.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries)).Distinct().ToList();
            var everyRole = step?.OverrideBy == OverrideBy.EveryRole;
            var given = group.Where(t => t.Status == WorkTaskStatus.Completed)
                .OrderBy(t => t.CompletedAtUtc ?? t.CreatedAtUtc).ThenBy(t => recorded.TryGetValue(t.Id, out var r) ? r.Sequence : long.MaxValue)
                .Select(t => new GivenOverride(t.CompletedByRole ?? "", t.CompletedBy ?? "", t.CompletedAtUtc ?? t.CreatedAtUtc,
                    recorded.TryGetValue(t.Id, out var r) ? r.Reason : ""))
                .ToList();
            var groupStops = stops.Where(s => s.TokenId == group.Key.TokenId && s.StepId == group.Key.StepId && group.Any(t => t.Id == s.OverrideTaskId)).ToList();
            var lifted = group.All(t => t.Status != WorkTaskStatus.Open) && given.Count > 0;
            var needed = lifted ? [] : everyRole ? roles.Where(r => given.All(g => g.Role != r)).ToList() : given.Count == 0 ? roles.ToList() : [];
            states.Add(new OverrideState(group.Key.TokenId, group.Key.StepId, step?.Title?.In(language) ?? group.Key.StepId, roles, everyRole,
                groupStops.Select(s => Localized(s.MessageJson, language)).Where(m => m.Length > 0).ToList(), given, needed, lifted, group.Key.Raised));
        }
        return states;
    }

    /// <summary>The stop an override task belongs to, for that task's page.</summary>
    public async Task<OverrideState?> ForTaskAsync(Guid taskId, string language, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var task = await db.Tasks.AsNoTracking().Where(t => t.Id == taskId && t.Kind == TaskKind.Override)
            .Select(t => new { t.InstanceId, t.TokenId, t.StepId, t.CreatedAtUtc }).FirstOrDefaultAsync(cancellationToken);
        if (task is null) return null;
        return (await ReadAsync(task.InstanceId, language, cancellationToken))
            .FirstOrDefault(s => s.TaskTokenId == task.TokenId && s.StepId == task.StepId && s.RaisedAtUtc == task.CreatedAtUtc);
    }

    private static string Localized(string json, string language)
    {
        var texts = JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
        return texts.TryGetValue(language, out var text) ? text : texts.GetValueOrDefault("en", "");
    }
}
