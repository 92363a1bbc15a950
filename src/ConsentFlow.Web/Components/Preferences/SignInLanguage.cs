using ConsentFlow.Identity.Preferences;
using ConsentFlow.Web.Components.Localization;

namespace ConsentFlow.Web.Components.Preferences;

/// <summary>
/// At sign-in the person's own language choice (kept with their account) becomes this browser's, so a new device or a
/// shared ward computer starts in the language they last chose; within the session the browser's choice rules.
/// </summary>
public static class SignInLanguage
{
    public static async Task ApplyAsync(HttpContext http, string userId)
    {
        var chosen = await http.RequestServices.GetRequiredService<UserPreferences>().GetAsync(userId, PreferenceKeys.Language, CancellationToken.None);
        if (chosen is not null && UiState.Languages.Contains(chosen)) LanguagePreference.Remember(http.Response, chosen);
    }
}
