using Microsoft.AspNetCore.Identity;

namespace ConsentFlow.Web.Security;

/// <summary>How a caller proves who they are. Exactly one applies to a request; <see cref="Selector"/> picks it.</summary>
public static class AuthSchemes
{
    /// <summary>Picks the scheme from what the request carries; never from anything else the caller says about itself.</summary>
    public const string Selector = "ConsentFlow";

    /// <summary>Staff signed in with a password (ASP.NET Core Identity's application cookie).</summary>
    public static readonly string StaffCookie = IdentityConstants.ApplicationScheme;

    /// <summary>Staff signed in through the clinic's OpenID Connect provider.</summary>
    public const string SsoCookie = "ConsentFlow.Sso";

    /// <summary>The interactive OpenID Connect challenge (redirect to the provider).</summary>
    public const string Oidc = "oidc";

    /// <summary>An access token from the clinic's OpenID Connect provider.</summary>
    public const string Bearer = "Bearer";

    /// <summary><c>Authorization: ApiKey &lt;key&gt;</c>: acts as the key's user, narrowed by its scopes.</summary>
    public const string ApiKey = "ApiKey";

    /// <summary>A patient tablet locked to one case.</summary>
    public const string Kiosk = "ConsentFlow.Kiosk";

    public const string KioskCookieName = ".ConsentFlow.Kiosk";
    public const string SsoCookieName = ".ConsentFlow.Sso";
}
