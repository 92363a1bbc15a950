using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Forms;

namespace ConsentFlow.Web.Components.Forms;

/// <summary>
/// The server's refusal of a form, per field and in the screen's language, in the form's order: the banner lists it,
/// each field shows its own part, and focus goes to the first.
/// </summary>
public sealed class FormErrors
{
    private readonly Dictionary<string, string> _byKey = [];

    public static FormErrors None => new();

    public static FormErrors From(FormValidationException invalid, UiState ui)
    {
        var errors = new FormErrors();
        foreach (var group in invalid.Errors.GroupBy(e => e.Field))
            errors._byKey[group.Key] = string.Join("; ", group.Select(e => ui.Message(e.Message)));
        return errors;
    }

    public int Count => _byKey.Count;

    public bool Has(string key) => _byKey.ContainsKey(key);

    public string? Get(string key) => _byKey.GetValueOrDefault(key);

    public void Remove(string fieldId)
    {
        foreach (var key in _byKey.Keys.Where(k => Belongs(k, fieldId)).ToList()) _byKey.Remove(key);
    }

    /// <summary>Replaces one field's errors (and its entries') with the engine's current verdict on it.</summary>
    public void Set(string fieldId, IEnumerable<FieldError> fieldErrors, UiState ui)
    {
        Remove(fieldId);
        foreach (var group in fieldErrors.GroupBy(e => e.Field))
            _byKey[group.Key] = string.Join("; ", group.Select(e => ui.Message(e.Message)));
    }

    /// <summary>The field's own errors and, for a list, its entries' errors ("[1].lastDose: is required").</summary>
    public string? For(string fieldId)
    {
        var messages = _byKey.Where(e => Belongs(e.Key, fieldId)).Select(e => e.Key == fieldId ? e.Value : $"{e.Key[fieldId.Length..]}: {e.Value}").ToList();
        return messages.Count == 0 ? null : string.Join("; ", messages);
    }

    /// <summary>Errors no listed key owns (e.g. a rule about the whole form), so they are not lost.</summary>
    public IEnumerable<KeyValuePair<string, string>> Other(IReadOnlyCollection<string> listed) =>
        _byKey.Where(e => !listed.Any(key => Belongs(e.Key, key)));

    private static bool Belongs(string key, string fieldId) => key == fieldId || key.StartsWith(fieldId + "[", StringComparison.Ordinal);
}
