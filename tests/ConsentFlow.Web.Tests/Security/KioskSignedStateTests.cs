using System.Net;
using System.Security.Claims;
using Bunit;
using ConsentFlow.Application.Documents;
using ConsentFlow.Identity.Accounts;
using ConsentFlow.Identity.Audit;
using ConsentFlow.Identity.Kiosk;
using ConsentFlow.Web.Components;
using KioskPage = ConsentFlow.Web.Components.Kiosk.KioskPage;
using ConsentFlow.Web.Security;
using ConsentFlow.Web.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;
using static ConsentFlow.Web.Tests.Support.CaseDriver;

namespace ConsentFlow.Web.Tests.Security;

/// <summary>
/// The tablet page once the patient has signed, rendered on the running app's services and database with a real kiosk
/// session: what it shows comes from the case as the server has it, not from the page that took the signature. A tablet
/// reloaded or opened again offers the withdrawal while there is a signed, live consent to withdraw, and afterwards shows
/// the withdrawal instead.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class KioskSignedStateTests(RunningApp app)
{
    private static readonly TimeSpan Load = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Tablet_reopened_after_the_patients_signature_still_offers_withdrawal_before_the_staff_have_signed()
    {
        var patientCase = await StartAsync(app);
        await patientCase.PatientSignsAsync();

        await using var tablet = await TabletPage.OpenAsync(app, patientCase);
        var page = tablet.Render();

        page.WaitForAssertion(() => Assert.Equal("Signed", page.Find("[data-testid=kiosk-done]").GetAttribute("data-outcome")), Load);
        Assert.Equal(PrintedName(patientCase), page.Find("[data-testid=signed-by]").TextContent.Trim());
        Assert.Equal("L4-L5 left", page.Find("[data-testid=signed-level-side]").TextContent.Trim());
        Assert.Contains("I want to withdraw my consent", page.Find("[data-testid=patient-withdraw]").TextContent);
        // No more of the case than the page after signing shows: no record number, no birth date.
        Assert.DoesNotContain(patientCase.Mrn, page.Markup);
        Assert.DoesNotContain("1972", page.Markup);
    }

    [Fact]
    public async Task Tablet_reopened_on_a_fully_signed_consent_offers_withdrawal_in_the_patients_language()
    {
        var patientCase = await StartAsync(app);
        await patientCase.SignConsentAsync();

        await using var tablet = await TabletPage.OpenAsync(app, patientCase);
        var page = tablet.Render("es");

        page.WaitForAssertion(() => Assert.Equal("Signed", page.Find("[data-testid=kiosk-done]").GetAttribute("data-outcome")), Load);
        Assert.Contains("Gracias. Su firma quedó guardada.", page.Find("h1").TextContent);
        Assert.Contains("Quiero retirar mi consentimiento", page.Find("[data-testid=patient-withdraw]").TextContent);
    }

    [Fact]
    public async Task Before_the_patient_signs_the_tablet_offers_no_withdrawal()
    {
        var patientCase = await StartAsync(app);
        await patientCase.SubmitOkAsync("consent-discussion", Surgeon);
        await patientCase.SubmitOkAsync("teach-back", Patient);

        await using var tablet = await TabletPage.OpenAsync(app, patientCase);
        var page = tablet.Render();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=consent-text]")), Load);
        Assert.Empty(page.FindAll("[data-testid=patient-withdraw]"));
        Assert.Empty(page.FindAll("[data-testid=signed-summary]"));
    }

    [Fact]
    public async Task After_the_patient_withdraws_on_the_tablet_a_reload_shows_the_withdrawal_not_the_button()
    {
        var patientCase = await StartAsync(app);
        await patientCase.PatientSignsAsync();
        await using var tablet = await TabletPage.OpenAsync(app, patientCase);
        var page = tablet.Render();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=patient-withdraw]")), Load);

        page.Find("[data-testid=patient-withdraw]").Click();
        page.Find("[data-testid=withdraw-yes]").Click();
        page.WaitForAssertion(() => Assert.Equal("Withdrawn", page.Find("[data-testid=kiosk-done]").GetAttribute("data-outcome")), Load);

        var reloaded = tablet.Render();
        reloaded.WaitForAssertion(() => Assert.Equal("Withdrawn", reloaded.Find("[data-testid=kiosk-done]").GetAttribute("data-outcome")), Load);
        Assert.Contains("You withdrew your consent", reloaded.Markup);
        Assert.Empty(reloaded.FindAll("[data-testid=patient-withdraw]"));
        Assert.Empty(reloaded.FindAll("[data-testid=signed-summary]"));
        var readiness = await (await patientCase.As(Nurse)).GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}/readiness");
        Assert.Equal("Withdrawn", readiness["instanceStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_tablet_reopened_after_the_patient_declined_shows_the_refusal_and_offers_no_withdrawal()
    {
        var patientCase = await StartAsync(app);
        await patientCase.SubmitOkAsync("consent-discussion", Surgeon);
        var declinedOn = await patientCase.TabletAsync();
        using (var declined = await declinedOn.PostAsync("/kiosk/decline", null))
            Assert.Equal(HttpStatusCode.OK, declined.StatusCode);

        await using var tablet = await TabletPage.OpenAsync(app, patientCase);
        var page = tablet.Render();

        page.WaitForAssertion(() => Assert.Equal("Declined", page.Find("[data-testid=kiosk-done]").GetAttribute("data-outcome")), Load);
        Assert.Empty(page.FindAll("[data-testid=patient-withdraw]"));
    }

    [Fact]
    public async Task Another_patients_signed_consent_never_puts_a_withdrawal_on_this_tablet()
    {
        var other = await StartAsync(app);
        await other.SignConsentAsync();
        // Nothing to read or sign yet on this tablet's case: the surgeon has not held the consent discussion.
        var own = await StartAsync(app);

        await using var tablet = await TabletPage.OpenAsync(app, own);
        var page = tablet.Render();

        page.WaitForAssertion(() => Assert.Equal("Nothing", page.Find("[data-testid=kiosk-done]").GetAttribute("data-outcome")), Load);
        Assert.Empty(page.FindAll("[data-testid=patient-withdraw]"));
        Assert.Empty(page.FindAll("[data-testid=signed-summary]"));
    }

    private static string PrintedName(CaseDriver patientCase) => patientCase.Answers("consent-signature", "patient")["printedName"]!.GetValue<string>();

    /// <summary>
    /// The tablet page on the running app: a kiosk session a nurse started for the case (as the hand-over form does), its
    /// signed-in tablet, and the app's own services and database; each <see cref="Render"/> is a fresh load of the page.
    /// </summary>
    private sealed class TabletPage : IAsyncDisposable
    {
        private readonly AsyncServiceScope _scope;
        private readonly BunitContext _context = new();

        private TabletPage(AsyncServiceScope scope, KioskView session)
        {
            _scope = scope;
            var services = scope.ServiceProvider;
            var signedIn = new SignedInTablet(new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, $"kiosk:{session.SessionId:N}"), new Claim(ClaimTypes.Name, "Patient tablet"),
                new Claim(ClaimNames.Channel, Channels.Kiosk), new Claim(ClaimNames.KioskSession, session.SessionId.ToString()),
                new Claim(ClaimNames.KioskInstance, session.InstanceId.ToString()),
            ], AuthSchemes.Kiosk)));
            _context.JSInterop.Mode = JSRuntimeMode.Loose;
            _context.Services.AddMudServices();
            _context.Services.AddSingleton<AuthenticationStateProvider>(signedIn);
            // The app's own authorization: the unlocked-kiosk policy asks the database for the session, as in a circuit.
            _context.Services.AddSingleton(new UiGuard(signedIn, services.GetRequiredService<IAuthorizationService>(), services.GetRequiredService<AccessAudit>()));
            _context.Services.AddSingleton(services.GetRequiredService<ConsentTextPreview>());
            _context.Services.AddFallbackServiceProvider(services);
        }

        public static async Task<TabletPage> OpenAsync(RunningApp app, CaseDriver patientCase)
        {
            var scope = app.Services.CreateAsyncScope();
            var nurse = await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByNameAsync(Nurse)
                ?? throw new InvalidOperationException("The demo nurse is missing.");
            var session = await scope.ServiceProvider.GetRequiredService<KioskSessions>().StartAsync(
                new KioskStart(patientCase.InstanceId, IdentifiersChecked: true, PhotoIdChecked: true, KioskPin, Interpreter: null,
                    new ChartedPremedication(false, null)), nurse.Id, CancellationToken.None);
            return new TabletPage(scope, session);
        }

        public IRenderedComponent<KioskPage> Render(string language = "en") =>
            _context.Render<KioskPage>(parameters => parameters.AddCascadingValue(UiState.For(language)));

        public async ValueTask DisposeAsync()
        {
            await _context.DisposeAsync();
            await _scope.DisposeAsync();
        }
    }

    private sealed class SignedInTablet(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}
