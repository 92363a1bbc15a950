using System.Text.Json.Nodes;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Expressions;

namespace ConsentFlow.Engine.Forms;

/// <summary>Checks a submission against its form (types, ranges, required, choices) and computes derived fields.</summary>
internal static class FormValidator
{
    /// <summary>The normalized answers (computed fields filled in), or a <see cref="FormValidationException"/> naming each bad field.</summary>
    public static JsonObject Validate(FormDefinition form, JsonObject submitted, Func<IReadOnlyDictionary<string, object?>, RuleContext> contextFor)
    {
        RequireReadable(form, submitted);
        var errors = new List<FieldError>();
        var typed = new Dictionary<string, object?>();

        foreach (var name in submitted.Select(p => p.Key).Where(name => form.FindField(name) is null))
            errors.Add(new FieldError(name, "is not a field of this form"));

        foreach (var field in form.Fields.Where(f => f.Type == FieldType.List))
        {
            var (list, listErrors) = ListFieldReader.Read(field, submitted[field.Id]);
            errors.AddRange(listErrors);
            typed[$"{form.Id}.{field.Id}"] = list;
        }

        foreach (var field in form.Fields.Where(f => f.Type is not (FieldType.Computed or FieldType.List)))
        {
            var (value, error) = FieldValues.Read(field, submitted[field.Id]);
            if (error is not null) { errors.Add(new FieldError(field.Id, error)); continue; }
            if (value is decimal number && OutOfRange(field, number) is { } rangeError) { errors.Add(new FieldError(field.Id, rangeError)); continue; }
            typed[$"{form.Id}.{field.Id}"] = value;
        }

        var context = contextFor(typed);
        foreach (var field in form.Fields.Where(f => f.Type != FieldType.Computed))
        {
            if (errors.Any(e => e.Field == field.Id || e.Field.StartsWith(field.Id + "[", StringComparison.Ordinal)) || typed[$"{form.Id}.{field.Id}"] is not null) continue;
            var required = field.Required || (field.RequiredWhen is { } rule && Rule.Parse(rule).Holds(context));
            if (required) errors.Add(new FieldError(field.Id, "is required"));
        }
        if (errors.Count > 0) throw new FormValidationException(form.Id, errors);

        foreach (var field in form.Fields.Where(f => f.Type == FieldType.Computed))
            typed[$"{form.Id}.{field.Id}"] = ComputeOrNull(field, context);

        var normalized = new JsonObject();
        foreach (var field in form.Fields)
            if (typed.TryGetValue($"{form.Id}.{field.Id}", out var value) && value is not null)
                normalized[field.Id] = FieldValues.Write(value);
        return normalized;
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
