namespace ConsentFlow.Engine.Definitions;

/// <summary>Text in every language the clinic supports, keyed by language code ("en", "es").</summary>
public sealed class LocalizedText : Dictionary<string, string>
{
    public static readonly IReadOnlyList<string> RequiredLanguages = ["en", "es"];

    public LocalizedText() : base(StringComparer.OrdinalIgnoreCase) { }

    public static LocalizedText Of(string english, string spanish) => new() { ["en"] = english, ["es"] = spanish };

    /// <summary>The text in <paramref name="language"/>, falling back to English so a screen is never blank.</summary>
    public string In(string language) =>
        TryGetValue(language, out var text) ? text : TryGetValue("en", out var en) ? en : Values.FirstOrDefault() ?? "";

    public override string ToString() => In("en");
}
