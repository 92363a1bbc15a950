namespace ConsentFlow.Web.Components;

/// <summary>The screen's language. Immutable so a change re-renders every page. Who is signed in comes from the authentication state.</summary>
public sealed record UiState(string Language)
{
    public static readonly UiState Default = new("en");

    public string T(string english, string spanish) => Language == "es" ? spanish : english;
}
