using System.Net;
using ConsentFlow.Web.Hosting;
using ConsentFlow.Web.Security;
using ConsentFlow.Web.Tests.Support;
using static ConsentFlow.Web.Tests.Support.CaseDriver;

namespace ConsentFlow.Web.Tests.Security;

/// <summary>The locked tablet, over HTTP: it is left only through its own exit, and its lock screen really locks.</summary>
[Collection(AppCollection.Name)]
public sealed class KioskSessionTests(RunningApp app)
{
    [Fact]
    public async Task Signing_in_over_a_locked_tablet_is_refused_and_the_tablet_stays_with_its_patient()
    {
        var tablet = await ReadyTabletAsync();
        using var signIn = await tablet.PostFormAsync("/account/login", "/account/login",
            new() { ["userName"] = Scheduler, ["password"] = DemoStaff.Password, ["returnUrl"] = "/" });
        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
        using var stillThePatients = await tablet.GetAsync("/kiosk/current-task");
        Assert.Equal(HttpStatusCode.OK, stillThePatients.StatusCode);
        using var board = await tablet.GetAsync("/api/v1/cases");
        Assert.Equal(HttpStatusCode.Forbidden, board.StatusCode);
    }

    [Fact]
    public async Task The_lock_screen_closes_the_consent_until_staff_unlock_it_with_the_pin()
    {
        var tablet = await ReadyTabletAsync();
        using (var locked = await tablet.GetAsync("/kiosk/locked")) Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        using (var closed = await tablet.GetAsync("/kiosk/current-task")) Assert.Equal(HttpStatusCode.Forbidden, closed.StatusCode);
        using (var page = await tablet.GetAsync("/kiosk")) Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);

        using var resumed = await tablet.PostFormAsync("/kiosk/locked", "/kiosk/exit", new() { ["pin"] = KioskPin, ["action"] = "resume" });
        Assert.Equal("/kiosk", resumed.Headers.Location?.OriginalString);
        using var open = await tablet.GetAsync("/kiosk/current-task");
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
    }

    [Fact]
    public async Task After_five_wrong_pins_only_a_nurses_or_surgeons_password_ends_the_session()
    {
        var tablet = await ReadyTabletAsync();
        for (var guess = 0; guess < 5; guess++)
        {
            using var wrong = await tablet.PostFormAsync("/kiosk/locked", "/kiosk/exit", new() { ["pin"] = $"99{guess:D2}", ["action"] = "end" });
            Assert.Contains("error=1", wrong.Headers.Location?.OriginalString);
        }
        using (var right = await tablet.PostFormAsync("/kiosk/locked", "/kiosk/exit", new() { ["pin"] = KioskPin, ["action"] = "end" }))
            Assert.Contains("error=1", right.Headers.Location?.OriginalString);
        using var staff = await tablet.PostFormAsync("/kiosk/locked", "/kiosk/exit",
            new() { ["userName"] = Nurse, ["password"] = DemoStaff.Password, ["action"] = "end" });
        Assert.StartsWith("/account/login", staff.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_sedative_charted_an_hour_before_signing_blocks_the_patients_signature()
    {
        var patientCase = await StartAsync(app);
        await patientCase.SubmitOkAsync("consent-discussion", Surgeon);
        await patientCase.SubmitOkAsync("teach-back", Patient);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        var anHourAgo = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddHours(-1), zone).ToString("yyyy-MM-ddTHH:mm");
        var (tablet, started) = await patientCase.HandOverAsync(new() { ["premedicationCharted"] = "yes", ["premedicationGivenAt"] = anHourAgo });
        using (started) Assert.Equal("/kiosk", started.Headers.Location?.OriginalString);

        // Even a patient who would tap "no" cannot answer it: the hand-over's record is what counts.
        var answers = patientCase.Answers("consent-signature", "patient");
        answers["premedicationCharted"] = false;
        using var signature = await tablet.PostAsync("/kiosk/current-task/signature", answers);
        Assert.True((int)signature.StatusCode is 400 or 422, $"{(int)signature.StatusCode}: {await signature.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task The_hand_over_needs_the_medication_record_checked()
    {
        var patientCase = await StartAsync(app);
        var (_, started) = await patientCase.HandOverAsync([]);
        using (started) Assert.Contains("error=premedicationCharted", started.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/\t/evil.example/x")]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example")]
    [InlineData("/\\evil.example")]
    public void A_return_address_off_this_site_goes_home_instead(string returnUrl) =>
        Assert.Equal("/", AccountEndpoints.LocalOrHome(returnUrl));

    private async Task<ApiClient> ReadyTabletAsync()
    {
        var patientCase = await StartAsync(app);
        await patientCase.SubmitOkAsync("consent-discussion", Surgeon);
        await patientCase.SubmitOkAsync("teach-back", Patient);
        return await patientCase.TabletAsync();
    }
}
