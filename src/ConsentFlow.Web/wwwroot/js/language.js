// The language chosen on this browser, in a cookie (not localStorage) so that pages rendered without a circuit (sign-in,
// the tablet's hand-over and lock screens) are served in it too. The name matches UiState.CookieName.
const name = "ConsentFlow.Language";

export function read() {
    const match = document.cookie.match(/(?:^|;\s*)ConsentFlow\.Language=(en|es)(?:;|$)/);
    return match ? match[1] : null;
}

export function remember(language) {
    document.cookie = `${name}=${language}; path=/; max-age=31536000; samesite=strict`;
    document.documentElement.lang = language;
}
