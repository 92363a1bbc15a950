using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Engine.Runtime;

internal static class TaskViews
{
    public static TaskView From(WorkTask task, Guid caseId, WorkflowDefinition definition, string language) => new(
        task.Id, task.InstanceId, caseId, task.StepId, task.Kind.ToString(), RolesOf(task), task.FormId, task.SignerRole,
        Title(task, definition, language), string.IsNullOrEmpty(task.ReasonJson) ? null : InstanceSession.InLanguage(task.ReasonJson, language),
        task.CreatedAtUtc, task.DueAtUtc, task.Version);

    public static IReadOnlyList<string> RolesOf(WorkTask task) => task.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public static string Title(WorkTask task, WorkflowDefinition definition, string language)
    {
        var step = definition.FindStep(task.StepId);
        var title = step?.Title?.In(language) ?? (task.FormId is { } form ? definition.FindForm(form)?.Title.In(language) : null) ?? task.StepId;
        return task.Kind switch
        {
            TaskKind.Signature => $"{title} ({task.SignerRole})",
            TaskKind.Override => (language == "es" ? "Revisar parada obligatoria: " : "Review hard stop: ") + title,
            _ => title,
        };
    }

    /// <summary>"Sedation screening — waiting for nurse (due 2026-05-01 08:00, overdue)".</summary>
    public static string Describe(WorkTask task, WorkflowDefinition definition, string language, DateTime now, TimeZoneInfo zone)
    {
        var roles = string.Join(language == "es" ? " o " : " or ", RolesOf(task));
        var text = language == "es" ? $"{Title(task, definition, language)}: pendiente de {roles}" : $"{Title(task, definition, language)}: waiting for {roles}";
        if (task.Kind == TaskKind.Escalation && !string.IsNullOrEmpty(task.ReasonJson)) text += $" ({InstanceSession.InLanguage(task.ReasonJson, language)})";
        if (task.DueAtUtc is { } due) text += DueClause.Of(due, IsOverdue(task, now), language, zone);
        return text;
    }

    /// <summary>Whether <see cref="Describe"/> says "overdue since" for this task; a line's <c>Overdue</c> must agree with its words.</summary>
    public static bool IsOverdue(WorkTask task, DateTime now) => task.DueAtUtc < now;
}
