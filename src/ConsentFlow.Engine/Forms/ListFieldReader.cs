using System.Text.Json.Nodes;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Expressions;

namespace ConsentFlow.Engine.Forms;

/// <summary>Reads a list field (e.g. antithrombotics, each with its last dose); errors name the entry, like <c>antithrombotics[1].lastDose</c>.</summary>
internal static class ListFieldReader
{
    public static (ListAnswer? Value, IReadOnlyList<FieldError> Errors) Read(FieldDefinition list, JsonNode? node)
    {
        if (node is null) return (null, []);
        if (node is not JsonArray array) return (null, [new FieldError(list.Id, "must be a list of entries, e.g. [{ ... }]; [] when there are none")]);
        var errors = new List<FieldError>();
        var items = new List<IReadOnlyDictionary<string, object?>>();
        for (var i = 0; i < array.Count; i++)
        {
            var at = $"{list.Id}[{i}]";
            if (array[i] is not JsonObject entry)
            {
                errors.Add(new FieldError(at, "must be an object of the entry's fields"));
                continue;
            }
            errors.AddRange(entry.Where(p => list.FindItemField(p.Key) is null).Select(p => new FieldError($"{at}.{p.Key}", "is not a field of this entry")));
            var item = new Dictionary<string, object?>();
            foreach (var field in list.ItemFields)
            {
                var (value, error) = FieldValues.Read(field, entry[field.Id]);
                error ??= value is decimal number ? FormValidator.OutOfRange(field, number) : null;
                error ??= value is null && field.Required ? "is required" : null;
                if (error is not null) errors.Add(new FieldError($"{at}.{field.Id}", error));
                item[field.Id] = value;
            }
            items.Add(item);
        }
        return errors.Count > 0 ? (null, errors) : (new ListAnswer(items), []);
    }

    public static JsonArray Write(ListAnswer list) =>
        new(list.Items.Select(item => (JsonNode?)new JsonObject(item.Where(p => p.Value is not null)
            .Select(p => KeyValuePair.Create(p.Key, FieldValues.Write(p.Value))))).ToArray());
}
