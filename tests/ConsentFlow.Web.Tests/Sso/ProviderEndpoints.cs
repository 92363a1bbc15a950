using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ConsentFlow.Web.Tests.Sso;

/// <summary>
/// The provider's own code behind OpenIddict's passthrough endpoints: who is signed in at the provider, and which claims
/// go into which token. OpenIddict has already validated each request (client, redirect URI, PKCE, secret) before these run.
/// </summary>
internal static class ProviderEndpoints
{
    public const string SessionScheme = "ClinicProvider.Session";
    private const string Server = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    public static void MapProviderEndpoints(this IEndpointRouteBuilder routes)
    {
        // Stands in for the provider's login page: the tests start with a person already signed in at the clinic.
        routes.MapGet("/session/{subject}", (string subject) =>
            Results.SignIn(new ClaimsPrincipal(new ClaimsIdentity([new Claim(Claims.Subject, Person(subject).Subject)], SessionScheme)), authenticationScheme: SessionScheme));

        routes.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], async (HttpContext http) =>
        {
            var request = http.GetOpenIddictServerRequest()!;
            var session = await http.AuthenticateAsync(SessionScheme);
            if (!session.Succeeded)
                return Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?> { [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.LoginRequired }), [Server]);
            var identity = PersonIdentity(Person(session.Principal!.GetClaim(Claims.Subject)!));
            identity.SetScopes(request.GetScopes());
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: Server);
        });

        routes.MapPost("/connect/token", async (HttpContext http) =>
        {
            var request = http.GetOpenIddictServerRequest()!;
            if (request.IsAuthorizationCodeGrantType())
            {
                // The code carries the principal the authorization endpoint signed in; issue the tokens for it.
                var code = await http.AuthenticateAsync(Server);
                return Results.SignIn(code.Principal!, authenticationScheme: Server);
            }
            if (request.IsClientCredentialsGrantType() && request.ClientId == ClinicClients.EhrId)
            {
                var identity = new ClaimsIdentity(Server, Claims.Name, Claims.Role);
                identity.AddClaim(new Claim(Claims.Subject, ClinicClients.EhrId));
                identity.AddClaim(new Claim("groups", ClinicClients.EhrGroup));
                identity.SetResources(ClinicClients.ApiAudience);
                identity.SetDestinations(_ => [Destinations.AccessToken]);
                return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: Server);
            }
            return Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?> { [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.UnauthorizedClient }), [Server]);
        });

        routes.MapMethods("/connect/userinfo", [HttpMethods.Get, HttpMethods.Post], async (HttpContext http) =>
        {
            var token = await http.AuthenticateAsync(Server);
            var person = Person(token.Principal!.GetClaim(Claims.Subject)!);
            return Results.Json(new Dictionary<string, object>
            {
                [Claims.Subject] = person.Subject, [Claims.Name] = person.Name, [Claims.PreferredUsername] = person.UserName, ["groups"] = new[] { person.Group },
            });
        });
    }

    /// <summary>
    /// The person's claims. OpenIddict puts a claim into a token only if its destinations say so: the groups go into the
    /// access token, which the app's API reads, and into the ID token unless the person's groups are released at userinfo only.
    /// </summary>
    private static ClaimsIdentity PersonIdentity(ClinicPerson person)
    {
        var identity = new ClaimsIdentity(Server, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, person.Subject));
        identity.AddClaim(new Claim(Claims.Name, person.Name));
        identity.AddClaim(new Claim(Claims.PreferredUsername, person.UserName));
        identity.AddClaim(new Claim("groups", person.Group));
        identity.SetResources(ClinicClients.ApiAudience);
        identity.SetDestinations(claim => claim.Type == "groups" && person.GroupsOnlyAtUserInfo
            ? [Destinations.AccessToken]
            : [Destinations.AccessToken, Destinations.IdentityToken]);
        return identity;
    }

    private static ClinicPerson Person(string subject) =>
        ClinicPerson.All.SingleOrDefault(p => p.Subject == subject) ?? throw new InvalidOperationException("No such person at the clinic's provider.");
}
