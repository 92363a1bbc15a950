using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Forms;

namespace ConsentFlow.Web.Components.Forms;

/// <summary>
/// The server's refusal of a form, per field and in the screen's language, in the form's order: the banner lists it,
/// each field shows its own part, and focus goes to the first.
/// </summary>
public sealed partial class FormErrors
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

    /// <summary>
    /// As <see cref="For(string)"/>, with a list's entries named as people read them: "Last dose taken (entry 2): must not
    /// be in the future", not "[1].lastDose".
    /// </summary>
    public string? For(FieldDefinition field, UiState ui)
    {
        var messages = _byKey.Where(e => Belongs(e.Key, field.Id)).Select(e => e.Key == field.Id ? e.Value : $"{EntryName(field, e.Key, ui)}: {e.Value}").ToList();
        return messages.Count == 0 ? null : string.Join("; ", messages);
    }

    private static string EntryName(FieldDefinition list, string key, UiState ui)
    {
        var match = EntryKey().Match(key[list.Id.Length..]);
        if (!match.Success) return key[list.Id.Length..];
        var number = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1;
        var item = match.Groups[2].Success ? list.FindItemField(match.Groups[2].Value)?.Label.In(ui.Language) ?? match.Groups[2].Value : null;
        var entry = ui.T($"entry {number}", $"n.º {number}");
        return item is null ? entry : $"{item} ({entry})";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\[(\d+)\](?:\.(\w+))?$")]
    private static partial System.Text.RegularExpressions.Regex EntryKey();

    /// <summary>Errors no listed key owns (e.g. a rule about the whole form), so they are not lost.</summary>
    public IEnumerable<KeyValuePair<string, string>> Other(IReadOnlyCollection<string> listed) =>
        _byKey.Where(e => !listed.Any(key => Belongs(e.Key, key)));

    private static bool Belongs(string key, string fieldId) => key == fieldId || key.StartsWith(fieldId + "[", StringComparison.Ordinal);
}
