using System.Security.Claims;
using System.Text.Encodings.Web;
using ConsentFlow.Identity.Accounts;
using ConsentFlow.Identity.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ConsentFlow.Web.Security;

/// <summary><c>Authorization: ApiKey &lt;key&gt;</c>: the key acts as its user, with that user's roles, narrowed by the key's scopes.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logging, UrlEncoder encoder, ApiKeyService keys, IServiceScopeFactory scopes)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logging, encoder)
{
    public const string HeaderPrefix = "ApiKey ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var identity = await keys.AuthenticateAsync(header[HeaderPrefix.Length..].Trim(), Context.RequestAborted);
        if (identity is null) return AuthenticateResult.Fail("The API key is unknown, revoked or belongs to a disabled account.");

        await using var scope = scopes.CreateAsyncScope();
        var account = await scope.ServiceProvider.GetRequiredService<StaffAccounts>().FindAsync(identity.UserId);
        if (account is null || account.Disabled) return AuthenticateResult.Fail("The API key's account is disabled.");
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, account.Id), new(ClaimTypes.Name, account.UserName), new(ClaimNames.Channel, Channels.ApiKey),
        };
        claims.AddRange(account.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        claims.AddRange(identity.Scopes.Select(scope => new Claim(ClaimNames.Scope, scope)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "ApiKey";
        return Task.CompletedTask;
    }
}
