using System.Text.Json.Nodes;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Expressions;
using ConsentFlow.Engine.Publishing;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Forms;

/// <summary>
/// A form being filled in for one case: the answers on screen evaluated exactly as a submission would be (the same
/// validator, rules, case facts and earlier answers), so a screen can show computed values, required markers and field
/// problems while the nurse types. The submission still decides; this only tells early.
/// </summary>
public sealed class FormDraft
{
    private readonly IReadOnlyDictionary<string, object?> _facts;
    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> _tables;
    private readonly TimeZoneInfo _zone;
    private readonly TimeProvider _clock;

    internal FormDraft(FormDefinition form, RuleContext caseContext, TimeProvider clock)
    {
        Form = form;
        _facts = caseContext.Values;
        _tables = caseContext.Tables;
        _zone = caseContext.ClinicTimeZone;
        _clock = clock;
    }

    public FormDefinition Form { get; }

    /// <summary>The engine's verdict on these answers, now.</summary>
    public FormEvaluation Evaluate(JsonObject answers)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return FormValidator.Evaluate(Form, answers, typed =>
        {
            var values = new Dictionary<string, object?>(_facts);
            foreach (var (key, value) in typed) values[key] = value;
            return new RuleContext(values, _tables, now, _zone);
        }).Evaluation;
    }
}

/// <summary>Opens a <see cref="FormDraft"/> for a task's form with the case's facts and answers as they stand.</summary>
public sealed class FormDrafts(IDbContextFactory<ConsentFlowDbContext> contexts, DefinitionCatalog catalog, TimeProvider clock)
{
    /// <summary>The draft of the task's form, or null when the task has no form (an override, a signature-only step).</summary>
    public async Task<FormDraft?> ForTaskAsync(Guid taskId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var task = await db.Tasks.AsNoTracking().Where(t => t.Id == taskId).Select(t => new { t.InstanceId, t.FormId })
            .FirstOrDefaultAsync(cancellationToken) ?? throw new NotFoundException($"Task {taskId}");
        if (task.FormId is null) return null;
        var session = await InstanceSession.LoadAsync(db, clock, catalog.GetAsync, task.InstanceId, Actor.System, cancellationToken);
        return session.Definition.FindForm(task.FormId) is { } form ? new FormDraft(form, session.RuleContext(), clock) : null;
    }
}
