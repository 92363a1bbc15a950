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
}
