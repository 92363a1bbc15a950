namespace ConsentFlow.Engine.Forms;

/// <summary>A problem with one submitted field, named so a screen can show it beside the field.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>A submission that does not satisfy its form; nothing was saved.</summary>
public sealed class FormValidationException(string formId, IReadOnlyList<FieldError> errors)
    : Exception($"The '{formId}' form has {errors.Count} invalid field(s): " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")))
{
    public string FormId { get; } = formId;
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}
