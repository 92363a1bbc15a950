namespace ConsentFlow.Web.Api;

/// <summary>The clinic's languages; anything else falls back to English so a screen is never blank.</summary>
public static class Language
{
    public static string Normalize(string? language) => language is "es" ? "es" : "en";
}
