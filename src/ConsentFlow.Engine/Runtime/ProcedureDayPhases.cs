using System.Text.Json.Nodes;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Engine.Runtime;

/// <summary>
/// The procedure day after readiness (WHO Sign In, Time Out, Sign Out, close-out): each open step is shown as a phase.
/// A checklist answered with a "no" comes back for the team to complete again; the phase says which items were "no".
/// </summary>
internal static class ProcedureDayPhases
{
    public static ProcedurePhase Describe(InstanceSession session, WorkTask task, string language)
    {
        var text = TaskViews.Describe(task, session.Definition, language, session.Now, session.Zone);
        var noes = NoAnswers(session, task.FormId, language);
        if (noes.Count > 0)
            text += language == "es"
                ? $". Última vez respondido «no»: {string.Join(", ", noes)}; el equipo debe completar la lista de nuevo antes de la siguiente fase."
                : $". Last answered no: {string.Join(", ", noes)}; the team completes the checklist again before the next phase.";
        return new ProcedurePhase(task.StepId, text, task.DueAtUtc, TaskViews.IsOverdue(task, session.Now));
    }

    /// <summary>Labels of the yes/no items answered "no" the last time this form was submitted.</summary>
    private static List<string> NoAnswers(InstanceSession session, string? formId, string language)
    {
        if (formId is null || session.Definition.FindForm(formId) is not { } form || session.Data[formId] is not JsonObject answers) return [];
        return form.Fields
            .Where(f => f.Type == FieldType.YesNo && answers[f.Id] is JsonValue value && value.TryGetValue<bool>(out var yes) && !yes)
            .Select(f => $"'{f.Label.In(language)}'")
            .ToList();
    }
}
