using System.Net;
using ConsentFlow.Identity.Accounts;
using ConsentFlow.Web.Security;
using Microsoft.AspNetCore.Identity;

namespace ConsentFlow.Web.Tests.Sso;

/// <summary>Staff sign in through the clinic's provider: code flow with PKCE, roles only from the configured group mapping.</summary>
[Collection(SsoCollection.Name)]
public sealed class SingleSignOnTests(SsoApp sso)
{
    [Fact]
    public async Task A_nurse_signs_in_through_the_clinics_provider_and_sees_the_board()
    {
        using var browser = await SignInAsync(ClinicPerson.Nurse);

        using var board = await browser.GetAsync(new Uri(sso.BaseAddress, "/api/v1/cases"));
        Assert.Equal(HttpStatusCode.OK, board.StatusCode);
        // The journal names a local account, so the provider's subject must be linked to one.
        var account = await LinkedAccountAsync(ClinicPerson.Nurse);
        Assert.NotNull(account);
        Assert.Equal((ClinicPerson.Nurse.UserName, ClinicPerson.Nurse.Name), (account.UserName, account.DisplayName));
    }

    [Fact]
    public async Task A_provider_group_with_no_mapping_gives_no_rights()
    {
        using var browser = await SignInAsync(ClinicPerson.Porter);

        using var board = await browser.GetAsync(new Uri(sso.BaseAddress, "/api/v1/cases"));
        Assert.Equal(HttpStatusCode.Forbidden, board.StatusCode);
    }

    [Fact]
    public async Task A_disabled_account_gets_no_session_though_the_provider_still_vouches_for_the_person()
    {
        using (await SignInAsync(ClinicPerson.Leaver)) { }
        await using (var scope = sso.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<StaffAccounts>().DisableAsync(ClinicPerson.Leaver.UserName, "test-administrator", CancellationToken.None);

        using var browser = await GoThroughProviderAsync(ClinicPerson.Leaver);

        Assert.False(browser.HasCookie(sso.BaseAddress, AuthSchemes.SsoCookieName), Route(browser));
        Assert.True(browser.History[^1] is { Status: HttpStatusCode.OK } page && page.Uri.PathAndQuery == "/account/login?error=refused", Route(browser));
        using var board = await browser.GetAsync(new Uri(sso.BaseAddress, "/api/v1/cases"));
        Assert.Equal(HttpStatusCode.Unauthorized, board.StatusCode);
    }

    [Fact]
    public async Task Groups_the_provider_lists_only_at_userinfo_count_too()
    {
        using var browser = await SignInAsync(ClinicPerson.Surgeon);

        using var board = await browser.GetAsync(new Uri(sso.BaseAddress, "/api/v1/cases"));
        Assert.Equal(HttpStatusCode.OK, board.StatusCode);
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_single_sign_on_session()
    {
        using var browser = await SignInAsync(ClinicPerson.Locum);
        using (var before = await browser.GetAsync(new Uri(sso.BaseAddress, "/api/v1/cases"))) Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        await using (var scope = sso.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<StaffAccounts>().DisableAsync(ClinicPerson.Locum.UserName, "test-administrator", CancellationToken.None);

        using var after = await browser.GetAsync(new Uri(sso.BaseAddress, "/api/v1/cases"));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    /// <summary>Signs in and checks the round trip really went through the provider and ended signed in at the app.</summary>
    private async Task<Browser> SignInAsync(ClinicPerson person)
    {
        var browser = await GoThroughProviderAsync(person);
        var route = Route(browser);
        Assert.True(browser.History.Any(h => h.Uri.Port == sso.Provider.Authority.Port && h.Uri.AbsolutePath == "/connect/authorize"), route);
        Assert.True(browser.History.Any(h => h.Method == HttpMethod.Post && h.Uri.AbsolutePath == "/signin-oidc" && h.Status == HttpStatusCode.Redirect), route);
        Assert.True(browser.History[^1].Uri == new Uri(sso.BaseAddress, "/") && browser.HasCookie(sso.BaseAddress, AuthSchemes.SsoCookieName), route);
        return browser;
    }

    /// <summary>
    /// The round trip a browser makes: the app's SSO link, the provider's authorization endpoint (the person already has a
    /// session there), the form the provider posts back to /signin-oidc, and wherever the app sends the browser then.
    /// </summary>
    private async Task<Browser> GoThroughProviderAsync(ClinicPerson person)
    {
        var browser = new Browser();
        using (var session = await browser.GetAsync(sso.Provider.SignInUri(person))) session.EnsureSuccessStatusCode();
        using var landing = await browser.NavigateAsync(new Uri(sso.BaseAddress, "/account/sso?returnUrl=/"));
        return browser;
    }

    private async Task<StaffUser?> LinkedAccountAsync(ClinicPerson person)
    {
        await using var scope = sso.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByLoginAsync(OidcAccountLinker.LoginProvider, person.Subject);
    }

    private static string Route(Browser browser) =>
        string.Join(" → ", browser.History.Select(h => $"{h.Method} {h.Uri.GetLeftPart(UriPartial.Path)} {(int)h.Status}"));
}
