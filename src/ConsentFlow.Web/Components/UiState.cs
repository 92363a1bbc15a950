using System.Globalization;
using ConsentFlow.Web.Components.Localization;
using ConsentFlow.Web.Components.Shared;

namespace ConsentFlow.Web.Components;

/// <summary>The screen's language. Immutable so a change re-renders every page. Who is signed in comes from the authentication state.</summary>
public sealed record UiState(string Language)
{
    public static readonly UiState Default = new("en");

    public static readonly IReadOnlyList<string> Languages = ["en", "es"];

    /// <summary>The browser's choice, read by the server on pages without a circuit and by the layouts when a circuit starts.</summary>
    public const string CookieName = "ConsentFlow.Language";

    public static UiState For(string? language) => language == "es" ? new("es") : Default;

    public CultureInfo Culture => CultureInfo.GetCultureInfo(Language == "es" ? "es-ES" : "en-GB");

    public string T(string english, string spanish) => Language == "es" ? spanish : english;

    /// <summary>A value the data carries as an English code: a role, side, approach, sedation plan or status.</summary>
    public string Term(string code) => Vocabulary.Term(code, Language);

    public string LevelAndSide(string level, string side) => $"{level} {Term(side)}";

    public string Roles(IEnumerable<string> roles) => string.Join(T(" or ", " o "), roles.Select(Term));

    /// <summary>A sentence or title the engine wrote in this language, with its role codes in words.</summary>
    public string Sentence(string sentence) => Vocabulary.Sentence(sentence, Language);

    /// <summary>A field's validation message in this language.</summary>
    public string Message(string message) => Vocabulary.Message(message, Language);

    /// <summary>A moment in the case's time zone, named, so nobody mistakes the server's clock for the clinic's.</summary>
    public string Time(DateTime utc, string timeZoneId) => CaseTime.Format(utc, timeZoneId, Culture);

    public string Date(DateOnly date) => date.ToString("d MMM yyyy", Culture);
}
