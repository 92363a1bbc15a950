namespace ConsentFlow.Web.Security;

/// <summary>Section <c>ConsentFlow:Security</c>: session lifetimes and request limits.</summary>
public sealed class SecurityOptions
{
    public const string Section = "ConsentFlow:Security";

    /// <summary>A staff session with no request for this long ends; the browser also signs out after this long without input.</summary>
    public double IdleTimeoutMinutes { get; set; } = 15;

    /// <summary>A kiosk tablet returns to its lock screen after this long without a touch.</summary>
    public double KioskIdleMinutes { get; set; } = 3;

    /// <summary>How often an open screen checks that its person may still be signed in (account disabled, password changed, tablet session ended).</summary>
    public double RevalidationSeconds { get; set; } = 60;

    /// <summary>How recent a single sign-on must be to count as re-authentication for a signature.</summary>
    public int SsoReauthenticationMinutes { get; set; } = 5;

    /// <summary>Sign-in attempts per client address per minute.</summary>
    public int SignInPermitsPerMinute { get; set; } = 10;

    /// <summary>API requests per caller per minute.</summary>
    public int ApiPermitsPerMinute { get; set; } = 600;
}

/// <summary>Section <c>ConsentFlow:Oidc</c>: the clinic's OpenID Connect provider; single sign-on is off while Authority is empty.</summary>
public sealed class OidcOptions
{
    public const string Section = "ConsentFlow:Oidc";

    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>The audience access tokens must carry to call the API (defaults to the client id).</summary>
    public string? Audience { get; set; }

    /// <summary>The provider's claim that lists groups or roles.</summary>
    public string RoleClaim { get; set; } = "groups";

    /// <summary>Provider group or role → our role, e.g. <c>"spine-nurses": "nurse"</c>. Unmapped values give no rights.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = [];

    public bool RequireHttpsMetadata { get; set; } = true;

    public string ButtonText { get; set; } = "Sign in with the clinic's account";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}
