using Microsoft.JSInterop;

namespace ConsentFlow.Web.Components.Localization;

/// <summary>The browser's language choice (wwwroot/js/language.js), read when a circuit starts and written on every change.</summary>
public static class LanguagePreference
{
    private const string Module = "./js/language.js";

    public static async Task<UiState> ReadAsync(IJSRuntime js)
    {
        await using var module = await js.InvokeAsync<IJSObjectReference>("import", Module);
        var state = UiState.For(await module.InvokeAsync<string?>("read"));
        await module.InvokeVoidAsync("remember", state.Language); // also sets <html lang> for this page
        return state;
    }

    public static async Task RememberAsync(IJSRuntime js, string language)
    {
        await using var module = await js.InvokeAsync<IJSObjectReference>("import", Module);
        await module.InvokeVoidAsync("remember", language);
    }

    /// <summary>For pages without a circuit: "?lang=es" chooses (and is remembered), otherwise the cookie decides.</summary>
    public static UiState FromRequest(HttpContext http)
    {
        var asked = http.Request.Query["lang"].ToString();
        if (UiState.Languages.Contains(asked))
        {
            Remember(http.Response, asked);
            return UiState.For(asked);
        }
        return UiState.For(http.Request.Cookies[UiState.CookieName]);
    }

    /// <summary>Sets the browser's choice from the server (a "?lang=" link, or the person's own choice at sign-in).</summary>
    public static void Remember(HttpResponse response, string language) =>
        response.Cookies.Append(UiState.CookieName, language,
            new CookieOptions { Path = "/", MaxAge = TimeSpan.FromDays(365), SameSite = SameSiteMode.Strict, HttpOnly = false, IsEssential = true });
}
