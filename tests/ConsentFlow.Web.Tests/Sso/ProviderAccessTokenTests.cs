using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ConsentFlow.Web.Tests.Sso;

/// <summary>Machine callers (the EHR interface) use access tokens from the clinic's provider, validated against its JWKS.</summary>
[Collection(SsoCollection.Name)]
public sealed class ProviderAccessTokenTests(SsoApp sso)
{
    public enum Defect { None, SignedByAnotherKey, Expired, ForAnotherAudience }

    [Fact]
    public async Task An_access_token_from_the_clinics_provider_calls_the_API()
    {
        Assert.Equal(HttpStatusCode.OK, await CallBoardAsync(await ClientCredentialsTokenAsync()));
    }

    /// <summary>
    /// Each token is the provider's own, re-signed with one thing changed. <see cref="Defect.None"/> is the control:
    /// re-signing alone keeps it valid, so each refusal is down to its one defect.
    /// </summary>
    [Theory]
    [InlineData(Defect.None, HttpStatusCode.OK)]
    [InlineData(Defect.SignedByAnotherKey, HttpStatusCode.Unauthorized)]
    [InlineData(Defect.Expired, HttpStatusCode.Unauthorized)]
    [InlineData(Defect.ForAnotherAudience, HttpStatusCode.Unauthorized)]
    public async Task Only_a_current_token_signed_by_the_provider_for_this_API_is_accepted(Defect defect, HttpStatusCode expected)
    {
        var issued = new JsonWebToken(await ClientCredentialsTokenAsync());
        // A forger would claim the provider's key id, so the app looks up the right public key and the signature must fail.
        using var otherKey = RSA.Create(2048);
        var now = DateTime.UtcNow;
        // Past the default five minutes of clock skew.
        var expires = defect == Defect.Expired ? now.AddMinutes(-10) : now.AddMinutes(10);
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            TokenType = issued.Typ,
            Issuer = issued.Issuer,
            Audience = defect == Defect.ForAnotherAudience ? "some-other-api" : issued.Audiences.Single(),
            IssuedAt = expires.AddHours(-1), NotBefore = expires.AddHours(-1), Expires = expires,
            Claims = issued.Claims.Where(c => c.Type is "sub" or "groups" or "client_id").ToDictionary(c => c.Type, c => (object)c.Value),
            SigningCredentials = defect == Defect.SignedByAnotherKey
                ? new SigningCredentials(new RsaSecurityKey(otherKey) { KeyId = sso.Provider.SigningKey.Key.KeyId }, SecurityAlgorithms.RsaSha256)
                : sso.Provider.SigningKey,
        });

        Assert.Equal(expected, await CallBoardAsync(token));
    }

    /// <summary>The EHR interface's client-credentials grant at the provider's token endpoint.</summary>
    private async Task<string> ClientCredentialsTokenAsync()
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(sso.Provider.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = ClinicClients.EhrId, ["client_secret"] = ClinicClients.EhrSecret,
        }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    private async Task<HttpStatusCode> CallBoardAsync(string accessToken)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(sso.BaseAddress, "/api/v1/cases"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
