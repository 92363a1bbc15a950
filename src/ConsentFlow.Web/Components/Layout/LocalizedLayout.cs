using ConsentFlow.Web.Components.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace ConsentFlow.Web.Components.Layout;

/// <summary>
/// A layout with a circuit: it renders its page only once the browser's remembered language is known, so a page never
/// loads in English and then again in Spanish, and it remembers every change of language.
/// </summary>
public abstract class LocalizedLayout : LayoutComponentBase
{
    [Inject] private IJSRuntime JS { get; set; } = null!;
    [Inject] private Preferences.StaffPreferences Preferences { get; set; } = null!;

    /// <summary>Null until the first render has read the browser's choice.</summary>
    protected UiState? State { get; private set; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        State = await LanguagePreference.ReadAsync(JS);
        StateHasChanged();
    }

    protected async Task ChangeLanguageAsync(string language)
    {
        State = UiState.For(language);
        await LanguagePreference.RememberAsync(JS, language);
        // Kept with the account too: signing in on another device starts in this language (SignInLanguage).
        await Preferences.RememberLanguageAsync(language);
    }
}
