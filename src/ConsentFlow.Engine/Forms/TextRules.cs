using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConsentFlow.Engine.Forms;

/// <summary>What a submitted text may contain, for case fields and form answers alike.</summary>
public static class TextRules
{
    /// <summary>
    /// No control characters in names and identifiers (a NUL or an escape sequence ends up in a PDF, a log or an EHR
    /// interface); free text may break lines but nothing else.
    /// </summary>
    public static bool HasForbiddenCharacters(string text, bool identifier) =>
        text.Any(c => (char.IsControl(c) && (identifier || c is not ('\n' or '\r' or '\t'))) || c is '\u2028' or '\u2029' or '\uFFFE' or '\uFFFF')
        || HasUnpairedSurrogate(text);

    private static bool HasUnpairedSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return true;
        }
        return false;
    }

    /// <summary>
    /// Whether every name and string in a JSON tree read from a request decodes. Such a tree decodes its text lazily:
    /// invalid UTF-8 or a lone surrogate escape surfaces only when a value is first read, wherever that happens to be.
    /// </summary>
    public const string UnreadableMessage = "is not valid UTF-8 JSON text (or holds a lone surrogate escape)";

    public static bool IsReadable(JsonNode? node)
    {
        try
        {
            Read(node);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void Read(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject entries:
                foreach (var (_, value) in entries) Read(value);
                break;
            case JsonArray items:
                foreach (var item in items) Read(item);
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                _ = value.GetValue<string>();
                break;
        }
    }
}
