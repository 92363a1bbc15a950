namespace ConsentFlow.Web.Security;

/// <summary>The claims our schemes put on a principal, besides the standard name identifier, name and role.</summary>
public static class ClaimNames
{
    /// <summary>How the person authenticated: cookie, sso, bearer, apiKey or kiosk (recorded with every audit entry).</summary>
    public const string Channel = "cf:channel";

    /// <summary>One claim per scope of an API key.</summary>
    public const string Scope = "cf:scope";

    public const string KioskSession = "cf:kiosk_session";
    public const string KioskInstance = "cf:kiosk_instance";

    /// <summary>When the person last entered their credentials (seconds since the epoch, as OIDC's auth_time).</summary>
    public const string AuthTime = "auth_time";
}

public static class Channels
{
    public const string Cookie = "cookie";
    public const string Sso = "sso";
    public const string Bearer = "bearer";
    public const string ApiKey = "apiKey";
    public const string Kiosk = "kiosk";
}
