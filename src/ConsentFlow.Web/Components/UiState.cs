using ConsentFlow.Engine.Runtime;

namespace ConsentFlow.Web.Components;

/// <summary>
/// Who is using the screen and in which language. The role picker is an interim stand-in for sign-in; the actor id is
/// derived from the role until real authentication supplies the user id. Immutable so a change re-renders every page.
/// </summary>
public sealed record UiState(string Role, string Language)
{
    public static readonly UiState Default = new("nurse", "en");

    public Actor Actor => new($"ui-{Role}", Role);

    public string T(string english, string spanish) => Language == "es" ? spanish : english;
}
