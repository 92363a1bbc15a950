using System.Text.Json.Nodes;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Expressions;

namespace ConsentFlow.Engine.Forms;

/// <summary>
/// What the engine makes of a form's answers: each field's problem (type, range, date bounds, required) and the
/// computed fields. A submission and the screen the nurse types into both come here, so they cannot disagree.
/// </summary>
/// <param name="Errors">Every problem, in the form's order.</param>
/// <param name="Computed">Each computed field's value (null while an input it needs is unanswered).</param>
/// <param name="WaitingFor">For a computed field without a value: the fields of this form it still needs.</param>
/// <param name="Required">The fields required for these answers: always, or because their condition holds.</param>
public sealed record FormEvaluation(
    IReadOnlyList<FieldError> Errors,
    IReadOnlyDictionary<string, object?> Computed,
    IReadOnlyDictionary<string, IReadOnlyList<string>> WaitingFor,
    IReadOnlySet<string> Required)
{
    /// <summary>The field's own problems and, for a list, its entries' ("antithrombotics[1].lastDose").</summary>
    public IEnumerable<FieldError> For(string fieldId) =>
        Errors.Where(e => e.Field == fieldId || e.Field.StartsWith(fieldId + "[", StringComparison.Ordinal));
}

/// <summary>Checks a submission against its form (types, ranges, date bounds, required, choices) and computes derived fields.</summary>
internal static class FormValidator
{
    /// <summary>The normalized answers (computed fields filled in), or a <see cref="FormValidationException"/> naming each bad field.</summary>
    public static JsonObject Validate(FormDefinition form, JsonObject submitted, Func<IReadOnlyDictionary<string, object?>, RuleContext> contextFor)
    {
        RequireReadable(form, submitted);
        var (evaluation, typed) = Evaluate(form, submitted, contextFor);
        if (evaluation.Errors.Count > 0) throw new FormValidationException(form.Id, evaluation.Errors);

        var normalized = new JsonObject();
        foreach (var field in form.Fields)
        {
            var value = field.Type == FieldType.Computed ? evaluation.Computed.GetValueOrDefault(field.Id) : typed.GetValueOrDefault($"{form.Id}.{field.Id}");
            if (value is not null) normalized[field.Id] = FieldValues.Write(value);
        }
        return normalized;
    }

    /// <summary>Every field's problem and the computed values, without refusing anything (a screen shows them as the nurse types).</summary>
    public static (FormEvaluation Evaluation, IReadOnlyDictionary<string, object?> Typed) Evaluate(
        FormDefinition form, JsonObject submitted, Func<IReadOnlyDictionary<string, object?>, RuleContext> contextFor)
    {
        var errors = new List<FieldError>();
        var typed = new Dictionary<string, object?>();

        foreach (var name in submitted.Select(p => p.Key).Where(name => form.FindField(name) is null))
            errors.Add(new FieldError(name, "is not a field of this form"));

        foreach (var field in form.Fields.Where(f => f.Type is not FieldType.Computed))
        {
            string? error;
            object? value;
            if (field.Type == FieldType.List)
            {
                var (list, listErrors) = ListFieldReader.Read(field, submitted[field.Id]);
                errors.AddRange(listErrors);
                (value, error) = (list, null);
            }
            else (value, error) = FieldValues.Read(field, submitted[field.Id]);
            error ??= value is decimal number ? OutOfRange(field, number) : null;
            if (error is not null) errors.Add(new FieldError(field.Id, error));
            // A refused answer is no answer to the rules below (an earlier submission's value must not stand in for it).
            typed[$"{form.Id}.{field.Id}"] = error is null ? value : null;
        }

        var context = contextFor(typed);
        var required = new HashSet<string>();
        foreach (var field in form.Fields.Where(f => f.Type != FieldType.Computed))
        {
            var value = typed[$"{form.Id}.{field.Id}"];
            if (field.Required || (field.RequiredWhen is { } rule && Rule.Parse(rule).Holds(context))) required.Add(field.Id);
            if (HasError(errors, field.Id)) continue;
            if (value is null)
            {
                if (required.Contains(field.Id)) errors.Add(new FieldError(field.Id, "is required"));
                continue;
            }
            if (DateBounds.Check(field, value, context) is { } bound) errors.Add(new FieldError(field.Id, bound));
            if (value is ListAnswer list) errors.AddRange(ItemBounds(field, list, context));
        }

        var computed = new Dictionary<string, object?>();
        var waiting = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var field in form.Fields.Where(f => f.Type == FieldType.Computed))
        {
            computed[field.Id] = ComputeOrNull(field, context);
            if (computed[field.Id] is null) waiting[field.Id] = Rule.Parse(field.Expression!).Parameters
                .Where(p => p.StartsWith(form.Id + ".", StringComparison.Ordinal) && context.Value(p) is null)
                .Select(p => p[(form.Id.Length + 1)..]).ToList();
        }

        var order = form.Fields.Select((f, i) => (f.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var ordered = errors.OrderBy(e => order.GetValueOrDefault(FieldOf(e.Field), -1)).ToList();
        return (new FormEvaluation(ordered, computed, waiting, required), typed);
    }

    private static bool HasError(List<FieldError> errors, string fieldId) =>
        errors.Any(e => e.Field == fieldId || e.Field.StartsWith(fieldId + "[", StringComparison.Ordinal));

    private static string FieldOf(string key) => key.IndexOf('[') is var bracket and > 0 ? key[..bracket] : key;

    private static IEnumerable<FieldError> ItemBounds(FieldDefinition list, ListAnswer answer, RuleContext context)
    {
        for (var i = 0; i < answer.Items.Count; i++)
            foreach (var field in list.ItemFields)
                if (DateBounds.Check(field, answer.Items[i].GetValueOrDefault(field.Id), context) is { } bound)
                    yield return new FieldError($"{list.Id}[{i}].{field.Id}", bound);
    }

    /// <summary>Undecodable text is a field error here, not a failure deep inside the rules (see <see cref="TextRules.IsReadable"/>).</summary>
    private static void RequireReadable(FormDefinition form, JsonObject submitted)
    {
        if (!TextRules.IsReadable(submitted)) throw new FormValidationException(form.Id, [new FieldError("body", TextRules.UnreadableMessage)]);
    }

    private static object? ComputeOrNull(FieldDefinition field, RuleContext context)
    {
        try
        {
            var value = Rule.Parse(field.Expression!).Evaluate(context);
            return value is int or long or double or float ? Convert.ToDecimal(value) : value;
        }
        catch (Exception ex) when (ex is RuleEvaluationException or ArithmeticException)
        {
            return null; // a score over unanswered items stays empty rather than guessing
        }
    }

    internal static string? OutOfRange(FieldDefinition field, decimal value)
    {
        var unit = field.Unit is null ? "" : " " + field.Unit;
        if (field.Min is { } min && value < min) return $"must be at least {min}{unit}";
        if (field.Max is { } max && value > max) return $"must be at most {max}{unit}";
        return null;
    }
}
