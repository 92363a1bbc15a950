using ConsentFlow.Identity.Accounts;
using ConsentFlow.Identity.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ConsentFlow.Web.Security;

/// <summary>The sign-in page's form target, sign-out (by hand and when idle), and the single sign-on redirect.</summary>
public static class AccountEndpoints
{
    public const string LoginPath = "/account/login";

    public sealed class SignInForm
    {
        public string? UserName { get; set; }
        public string? Password { get; set; }
        public string? ReturnUrl { get; set; }
    }

    public static RouteGroupBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        var account = routes.MapGroup("/account").WithTags("Account").ExcludeFromDescription();

        account.MapPost("/login", async ([FromForm] SignInForm form, HttpContext http, SignInManager<StaffUser> signIn, SecurityAudit audit) =>
        {
            // A locked tablet is left only through its own exit (PIN or a nurse's or surgeon's password), never by signing in over it.
            if (http.User.IsKiosk()) return Results.StatusCode(StatusCodes.Status403Forbidden);
            var returnUrl = LocalOrHome(form.ReturnUrl);
            var userName = form.UserName?.Trim() ?? "";
            if (userName.Length is 0 or > 256 || string.IsNullOrEmpty(form.Password) || form.Password.Length > 512)
                return Again("missing", returnUrl);
            var user = await signIn.UserManager.FindByNameAsync(userName);
            if (user is { Disabled: true })
            {
                await audit.WriteAsync(new SecurityEvent(SecurityEventKind.SignInRefusedDisabled, user.Id, Channel: Channels.Cookie, ClientAddress: Address(http)), CancellationToken.None);
                return Again("invalid", returnUrl);
            }
            var result = await signIn.PasswordSignInAsync(userName, form.Password, isPersistent: false, lockoutOnFailure: true);
            var kind = result.Succeeded ? SecurityEventKind.SignedIn : result.IsLockedOut ? SecurityEventKind.LockedOut : SecurityEventKind.SignInFailed;
            // Not the request's token: a client that hangs up must not erase its failed attempt from the audit.
            await audit.WriteAsync(new SecurityEvent(kind, user?.Id ?? "anonymous", Channel: Channels.Cookie, ClientAddress: Address(http)), CancellationToken.None);
            if (result.Succeeded && user is not null) await Components.Preferences.SignInLanguage.ApplyAsync(http, user.Id);
            if (result.Succeeded) return Results.LocalRedirect(returnUrl);
            return Again(result.IsLockedOut ? "locked" : "invalid", returnUrl);
        }).AllowAnonymous().RequireRateLimiting(SecurityServiceCollectionExtensions.SignInRateLimit);

        account.MapPost("/logout", async (HttpContext http, SecurityAudit audit) =>
            await SignOutAsync(http, audit, "signedOut")).RequireAuthorization();

        // Reached by the browser's idle timer; a GET so it works from a plain navigation. Signing out is its only effect.
        account.MapGet("/idle-signout", async (HttpContext http, SecurityAudit audit) =>
            await SignOutAsync(http, audit, "idle")).AllowAnonymous();

        account.MapGet("/sso", (string? returnUrl, bool? reauthenticate, IOptions<OidcOptions> oidc, HttpContext http) =>
        {
            if (!oidc.Value.Enabled) return Results.NotFound();
            if (http.User.IsKiosk()) return Results.StatusCode(StatusCodes.Status403Forbidden);
            var properties = new OpenIdConnectChallengeProperties { RedirectUri = LocalOrHome(returnUrl) };
            if (reauthenticate == true)
            {
                // A signature needs the person now, not a remembered session at the provider.
                properties.Prompt = "login";
                properties.MaxAge = TimeSpan.Zero;
            }
            return Results.Challenge(properties, [AuthSchemes.Oidc]);
        }).AllowAnonymous().RequireRateLimiting(SecurityServiceCollectionExtensions.SignInRateLimit);

        return account;
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, SecurityAudit audit, string reason)
    {
        if (http.User.Identity?.IsAuthenticated == true && !http.User.IsKiosk())
            await audit.WriteAsync(new SecurityEvent(SecurityEventKind.SignedOut, http.User.Id(), Channel: http.User.Channel(), ClientAddress: Address(http)), CancellationToken.None);
        await http.SignOutAsync(AuthSchemes.StaffCookie);
        if (http.Request.Cookies.ContainsKey(AuthSchemes.SsoCookieName)) await http.SignOutAsync(AuthSchemes.SsoCookie);
        return Results.LocalRedirect($"{LoginPath}?notice={reason}");
    }

    private static IResult Again(string error, string returnUrl) =>
        Results.LocalRedirect($"{LoginPath}?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}");

    /// <summary>
    /// Only a path on this site: an absolute or protocol-relative URL would make the sign-in page an open redirect.
    /// Browsers drop tabs and newlines from URLs, so "/\t/evil.example" would become "//evil.example": control characters
    /// and backslashes are refused too.
    /// </summary>
    public static string LocalOrHome(string? url) =>
        url is { Length: > 0 and < 2000 } && url.StartsWith('/') && !url.StartsWith("//") && !url.Any(c => char.IsControl(c) || c == '\\') ? url : "/";

    private static string? Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();
}
