using System.Security.Claims;
using System.Threading.RateLimiting;
using ConsentFlow.Identity;
using ConsentFlow.Identity.Accounts;
using ConsentFlow.Identity.Audit;
using ConsentFlow.Identity.Kiosk;
using ConsentFlow.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;

namespace ConsentFlow.Web.Security;

public static class SecurityServiceCollectionExtensions
{
    public const string SignInRateLimit = "sign-in";
    /// <summary>The anonymous page a QR code on a paper consent opens: 30 lookups a minute per address.</summary>
    public const string PublicVerificationRateLimit = "public-verification";

    /// <summary>
    /// Sign-in (Identity cookie, optional OpenID Connect), API keys, the kiosk tablet, the access policies of access.md,
    /// re-authentication for signatures, audit of access, and rate limits.
    /// </summary>
    public static IServiceCollection AddConsentFlowSecurity(this IServiceCollection services, IConfiguration configuration, HostSettings settings)
    {
        services.Configure<SecurityOptions>(configuration.GetSection(SecurityOptions.Section));
        services.Configure<OidcOptions>(configuration.GetSection(OidcOptions.Section));
        var security = configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        var oidc = configuration.GetSection(OidcOptions.Section).Get<OidcOptions>() ?? new OidcOptions();

        services.AddConsentFlowIdentityStore(settings.Storage).AddSignInManager().AddClaimsPrincipalFactory<StaffClaimsFactory>();
        services.AddHostedService(provider => provider.GetRequiredService<AccessAudit>());
        // A disabled account or a changed password ends its sessions within a minute, not at cookie expiry.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));

        var authentication = services.AddAuthentication(options =>
        {
            options.DefaultScheme = AuthSchemes.Selector;
            options.DefaultChallengeScheme = AuthSchemes.Selector;
        });
        authentication.AddPolicyScheme(AuthSchemes.Selector, "ConsentFlow", options => options.ForwardDefaultSelector = context => SchemeFor(context.Request, oidc));
        authentication.AddIdentityCookies(cookies => cookies.ApplicationCookie!.Configure(options => ConfigureStaffCookie(options, security)));
        authentication.AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthSchemes.ApiKey, null);
        authentication.AddCookie(AuthSchemes.Kiosk, options => ConfigureKioskCookie(options));
        if (oidc.Enabled) AddSingleSignOn(authentication, oidc, security);

        services.AddSingleton<IAuthorizationHandler, StaffAccessHandler>();
        services.AddSingleton<IAuthorizationHandler, UnlockedKioskHandler>();
        services.AddAuthorizationBuilder().AddConsentFlowPolicies();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidation>();
        services.AddScoped<OidcAccountLinker>();
        services.AddSingleton<Reauthentication>();
        services.AddSingleton<TaskActors>();
        services.AddSingleton<TaskSubmitter>();
        services.AddScoped<UiGuard>();
        services.AddRateLimiter(options => ConfigureRateLimits(options, security));
        return services;
    }

    /// <summary>Chooses the scheme by what the request carries: an Authorization header, else the kiosk, SSO or staff cookie.</summary>
    private static string SchemeFor(HttpRequest request, OidcOptions oidc)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith(ApiKeyAuthenticationHandler.HeaderPrefix, StringComparison.OrdinalIgnoreCase)) return AuthSchemes.ApiKey;
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return oidc.Enabled ? AuthSchemes.Bearer : AuthSchemes.ApiKey;
        if (request.Cookies.ContainsKey(AuthSchemes.KioskCookieName)) return AuthSchemes.Kiosk;
        if (oidc.Enabled && request.Cookies.ContainsKey(AuthSchemes.SsoCookieName)) return AuthSchemes.SsoCookie;
        return AuthSchemes.StaffCookie;
    }

    private static void ConfigureStaffCookie(CookieAuthenticationOptions options, SecurityOptions security)
    {
        options.LoginPath = "/account/login";
        options.LogoutPath = "/account/logout";
        options.ExpireTimeSpan = TimeSpan.FromMinutes(security.IdleTimeoutMinutes);
        options.SlidingExpiration = true;
        options.Cookie.Name = ".ConsentFlow.Staff";
        ConfigureCommon(options);
    }

    private static void ConfigureKioskCookie(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = AuthSchemes.KioskCookieName;
        options.LoginPath = "/account/login";
        // A tablet session lasts for one patient's signing; the exit PIN or a staff password ends it sooner.
        options.ExpireTimeSpan = TimeSpan.FromHours(4);
        options.SlidingExpiration = false;
        ConfigureCommon(options);
        options.Events.OnValidatePrincipal = async context =>
        {
            var sessions = context.HttpContext.RequestServices.GetRequiredService<KioskSessions>();
            var session = context.Principal?.KioskSessionId() is { } id ? await sessions.FindActiveAsync(id, context.HttpContext.RequestAborted) : null;
            if (session is null)
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(AuthSchemes.Kiosk);
                return;
            }
            // Loaded once per request: the unlocked-tablet policy reads it from here instead of asking the database again.
            context.HttpContext.Items[typeof(KioskView)] = session;
        };
    }

    private static void ConfigureCommon(CookieAuthenticationOptions options)
    {
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Events.OnRedirectToLogin = context =>
        {
            if (IsApi(context.Request)) context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            else context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        };
        options.Events.OnRedirectToAccessDenied = context => AccessDenied.WriteAsync(context.HttpContext);
    }

    /// <summary>Calls made by programs (the API, FHIR, the tablet's JSON calls, the Blazor hub): they get 401/403, never a redirect.</summary>
    public static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/fhir") || request.Path.StartsWithSegments("/_blazor")
        || KioskEndpoints.JsonPaths.Any(path => request.Path.StartsWithSegments(path));

    private static void AddSingleSignOn(AuthenticationBuilder authentication, OidcOptions oidc, SecurityOptions security)
    {
        authentication.AddCookie(AuthSchemes.SsoCookie, options =>
        {
            options.Cookie.Name = AuthSchemes.SsoCookieName;
            options.LoginPath = "/account/login";
            options.ExpireTimeSpan = TimeSpan.FromMinutes(security.IdleTimeoutMinutes);
            options.SlidingExpiration = true;
            ConfigureCommon(options);
            // SameSite=Strict would drop the cookie on the provider's redirect back; Lax still refuses cross-site posts.
            options.Cookie.SameSite = SameSiteMode.Lax;
            // The provider cannot know that the clinic disabled the account here: check at every request, as the kiosk does.
            options.Events.OnValidatePrincipal = async context =>
            {
                var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<StaffUser>>();
                if (context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier) is { } id && await users.FindByIdAsync(id) is { Disabled: false }) return;
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(AuthSchemes.SsoCookie);
            };
        });
        authentication.AddOpenIdConnect(AuthSchemes.Oidc, options =>
        {
            options.SignInScheme = AuthSchemes.SsoCookie;
            options.Authority = oidc.Authority;
            options.ClientId = oidc.ClientId;
            options.ClientSecret = oidc.ClientSecret;
            options.ResponseType = "code";
            options.UsePkce = true;
            options.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            options.MapInboundClaims = false;
            options.GetClaimsFromUserInfoEndpoint = true;
            options.Scope.Clear();
            foreach (var scope in new[] { "openid", "profile", "email", "roles" }) options.Scope.Add(scope);
            // Providers list groups in the ID token, at userinfo, or both. The handler reads userinfo after OnTokenValidated
            // and keeps only what claim actions copy, so copy the group claim and link the account once the ticket is whole.
            options.ClaimActions.MapJsonKey(oidc.RoleClaim, oidc.RoleClaim);
            options.Events.OnTicketReceived = async context =>
            {
                var linker = context.HttpContext.RequestServices.GetRequiredService<OidcAccountLinker>();
                var principal = await linker.LinkAsync(context.Principal!, Channels.Sso, AuthSchemes.SsoCookie);
                if (principal is not null)
                {
                    context.Principal = principal;
                    return;
                }
                // Fail() would not stop the sign-in at this stage; answering the request does.
                context.Response.Redirect($"{AccountEndpoints.LoginPath}?error=refused");
                context.HandleResponse();
            };
        });
        authentication.AddJwtBearer(AuthSchemes.Bearer, options =>
        {
            options.Authority = oidc.Authority;
            options.Audience = oidc.Audience ?? oidc.ClientId;
            options.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            options.MapInboundClaims = false;
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = async context =>
                {
                    var linker = context.HttpContext.RequestServices.GetRequiredService<OidcAccountLinker>();
                    var principal = await linker.LinkAsync(context.Principal!, Channels.Bearer, AuthSchemes.Bearer);
                    if (principal is null) context.Fail("This account may not call the API.");
                    else context.Principal = principal;
                },
            };
        });
    }

    private static void ConfigureRateLimits(RateLimiterOptions options, SecurityOptions security)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = (context, _) =>
        {
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
            context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
            return ValueTask.CompletedTask;
        };
        options.AddPolicy(SignInRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = security.SignInPermitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        options.AddPolicy(PublicVerificationRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = 30, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        // Every API and FHIR request counts against its caller (account, else address); pages and the Blazor hub do not.
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => IsApi(context.Request) && !context.Request.Path.StartsWithSegments("/_blazor")
            ? RateLimitPartition.GetFixedWindowLimiter(
                context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = security.ApiPermitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
            : RateLimitPartition.GetNoLimiter(""));
    }
}
