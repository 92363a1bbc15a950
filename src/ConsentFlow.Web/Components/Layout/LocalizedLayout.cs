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
        // A staff member's own choice follows them to every device: it wins over this browser's cookie.
        if (await Preferences.LanguageAsync() is { } chosen && chosen != State.Language)
        {
            State = UiState.For(chosen);
            await LanguagePreference.RememberAsync(JS, chosen);
        }
        StateHasChanged();
    }

    protected async Task ChangeLanguageAsync(string language)
    {
        State = UiState.For(language);
        await LanguagePreference.RememberAsync(JS, language);
        await Preferences.RememberLanguageAsync(language);
    }
}
