using System.Net;
using ConsentFlow.Identity.Accounts;
using ConsentFlow.Identity.Audit;
using ConsentFlow.Identity.Storage;
using ConsentFlow.Web.Hosting;
using ConsentFlow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static ConsentFlow.Web.Tests.Support.CaseDriver;

namespace ConsentFlow.Web.Tests.Security;

[Collection(AppCollection.Name)]
public sealed class SignInTests(RunningApp app)
{
    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_password_and_every_attempt_is_audited()
    {
        var account = await NewAccountAsync("locks-out", StaffRoles.Nurse);
        for (var attempt = 1; attempt < 5; attempt++)
            Assert.Contains("error=invalid", await SignInLocationAsync("locks-out", "not the password " + attempt));
        Assert.Contains("error=locked", await SignInLocationAsync("locks-out", "the fifth wrong password"));
        Assert.Contains("error=locked", await SignInLocationAsync("locks-out", DemoStaff.Password));

        var kinds = await SecurityEventsAsync(account.Id);
        Assert.Equal(4, kinds.Count(k => k == nameof(SecurityEventKind.SignInFailed)));
        Assert.Equal(2, kinds.Count(k => k == nameof(SecurityEventKind.LockedOut)));
    }

    [Fact]
    public async Task A_disabled_account_can_no_longer_sign_in_nor_use_its_api_keys()
    {
        var account = await NewAccountAsync("leaves-clinic", StaffRoles.Nurse);
        var keys = app.Services.GetRequiredService<Identity.ApiKeys.ApiKeyService>();
        var key = await keys.CreateAsync("leaves-clinic", ["read"], "script", "tests", CancellationToken.None);
        using (var before = await ApiClient.WithApiKey(app.BaseAddress, key.Key).GetAsync("/api/v1/tasks"))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<StaffAccounts>().DisableAsync("leaves-clinic", "tests", CancellationToken.None);

        Assert.Contains("error=invalid", await SignInLocationAsync("leaves-clinic", DemoStaff.Password));
        using var after = await ApiClient.WithApiKey(app.BaseAddress, key.Key).GetAsync("/api/v1/tasks");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains(nameof(SecurityEventKind.SignInRefusedDisabled), await SecurityEventsAsync(account.Id));
    }

    [Fact]
    public async Task A_made_up_api_key_and_forged_actor_headers_get_401()
    {
        using var madeUp = await ApiClient.WithApiKey(app.BaseAddress, "cfk_abc_def").GetAsync("/api/v1/cases");
        Assert.Equal(HttpStatusCode.Unauthorized, madeUp.StatusCode);
        using var forged = await app.Anonymous().SendAsync(HttpMethod.Get, $"/api/v1/documents/{Guid.NewGuid()}/pdf", null, ("X-Actor-Id", "x"), ("X-Actor-Role", "nurse"));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task Reading_a_case_and_downloading_its_pdf_are_audited_with_the_person_and_the_case()
    {
        var patientCase = await StartAsync(app);
        var document = (await patientCase.SignConsentAsync())["document"]!;
        var surgeon = await app.ClientAsync(Surgeon);
        using (var read = await surgeon.GetAsync($"/api/v1/cases/{patientCase.InstanceId}")) Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using (var pdf = await surgeon.GetAsync(document["url"]!.GetValue<string>())) Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        using (var fhir = await surgeon.GetAsync($"/fhir/Consent?patient=Patient/{patientCase.PatientId}")) Assert.Equal(HttpStatusCode.OK, fhir.StatusCode);

        await app.Services.GetRequiredService<AccessAudit>().FlushAsync(CancellationToken.None);
        var surgeonId = (await AccountAsync(Surgeon)).Id;
        var admin = await app.ClientAsync(Administrator);
        var audit = (System.Text.Json.Nodes.JsonArray)await admin.GetJsonAsync($"/api/v1/audit/access?instanceId={patientCase.InstanceId}&actorId={surgeonId}");
        var kinds = audit.Select(e => e!["kind"]!.GetValue<string>()).ToList();
        Assert.Contains(nameof(AccessKind.CaseViewed), kinds);
        Assert.Contains(nameof(AccessKind.DocumentDownloaded), kinds);
        Assert.All(audit, e => Assert.Equal("Dr. Maya Okafor, MD, spine surgeon", e!["actor"]!["name"]!.GetValue<string>()));
        // The audit holds ids, never the patient's name or MRN.
        Assert.DoesNotContain(patientCase.Mrn, audit.ToJsonString());
    }

    [Fact]
    public async Task Patient_data_is_never_cached_and_the_pages_cannot_be_framed()
    {
        using var response = await (await app.ClientAsync(Nurse)).GetAsync("/api/v1/cases");
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task The_blazor_hub_refuses_a_foreign_origin()
    {
        var nurse = await app.ClientAsync(Nurse);
        using var foreign = await nurse.SendAsync(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1", null, ("Origin", "https://attacker.example"));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        using var own = await nurse.SendAsync(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1", null, ("Origin", app.BaseAddress.GetLeftPart(UriPartial.Authority)));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task A_sign_in_form_post_without_its_antiforgery_token_is_refused()
    {
        using var response = await app.Anonymous().PostContentAsync("/account/login",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = Nurse, ["password"] = DemoStaff.Password }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<string> SignInLocationAsync(string userName, string password)
    {
        using var response = await app.Anonymous().PostFormAsync("/account/login", "/account/login",
            new() { ["userName"] = userName, ["password"] = password, ["returnUrl"] = "/" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    private async Task<StaffAccount> NewAccountAsync(string userName, string role)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StaffAccounts>().AddAsync(
            new NewStaffAccount(userName, "Test Person", "RN", [role], DemoStaff.Password), "tests", CancellationToken.None);
    }

    private async Task<StaffAccount> AccountAsync(string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<StaffAccounts>().FindByNameAsync(userName))!;
    }

    private async Task<List<string>> SecurityEventsAsync(string userId)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<IdentityStoreContext>>().CreateDbContextAsync();
        return await db.AuditEvents.Where(e => e.ActorId == userId && e.Category == AuditCategory.Security).Select(e => e.Kind).ToListAsync();
    }
}

/// <summary>The sign-in limit, on its own app so the shared app's tests can sign in freely.</summary>
public sealed class SignInRateLimitTests : IAsyncLifetime
{
    private readonly RunningApp _app = RunningApp.WithSignInLimit(3);

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Too_many_sign_in_attempts_from_one_address_get_429_with_retry_after()
    {
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            using var response = await _app.Anonymous().PostContentAsync("/account/login",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = "nobody", ["password"] = "wrong" }));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}

/// <summary>The API limit per caller, on its own app with a limit of a few requests a minute.</summary>
public sealed class ApiRateLimitTests : IAsyncLifetime
{
    private readonly RunningApp _app = RunningApp.WithSettings(("ConsentFlow:Security:ApiPermitsPerMinute", "5"));

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_caller_over_its_api_limit_gets_429_with_retry_after_and_others_are_unaffected()
    {
        var nurse = await _app.ClientAsync(Nurse);
        HttpResponseMessage? limited = null;
        for (var request = 0; request < 8 && limited is null; request++)
        {
            var response = await nurse.GetAsync("/api/v1/tasks");
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited = response;
            else response.Dispose();
        }
        Assert.NotNull(limited);
        Assert.True(limited!.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        limited.Dispose();
        using var surgeon = await (await _app.ClientAsync(Surgeon)).GetAsync("/api/v1/tasks");
        Assert.Equal(HttpStatusCode.OK, surgeon.StatusCode);
    }
}
