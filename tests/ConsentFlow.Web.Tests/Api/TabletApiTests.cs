using System.Net;
using System.Text.Json.Nodes;
using ConsentFlow.Identity.Kiosk;
using ConsentFlow.Identity.Storage;
using ConsentFlow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ConsentFlow.Web.Tests.Support.CaseDriver;

namespace ConsentFlow.Web.Tests.Api;

/// <summary>What the patient may say and take on the tablet: questions, a refusal, and one copy of the signed consent.</summary>
[Collection(AppCollection.Name)]
public sealed class TabletApiTests(RunningApp app)
{
    [Fact]
    public async Task A_patient_who_declines_on_the_tablet_leaves_a_rejected_consent_and_the_case_ends()
    {
        var patientCase = await StartAsync(app);
        await patientCase.SubmitOkAsync("consent-discussion", Surgeon);
        var tablet = await patientCase.TabletAsync();

        using (var declined = await tablet.PostAsync("/kiosk/decline", null))
            await ApiClient.ReadAsync(declined, 200);

        var nurse = await patientCase.As(Nurse);
        var detail = await nurse.GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}");
        Assert.Contains("Rejected", detail.ToJsonString());
        Assert.Empty(await patientCase.OpenTasksAsync());
        var consents = await nurse.GetJsonAsync($"/fhir/Consent?patient=Patient/{patientCase.PatientId}");
        Assert.Contains("\"rejected\"", consents.ToJsonString());
        using var nothingLeft = await tablet.GetAsync("/kiosk/current-task");
        Assert.Equal(HttpStatusCode.NoContent, nothingLeft.StatusCode);
    }

    [Fact]
    public async Task A_patient_with_questions_pauses_the_consent_and_the_surgeons_inbox_gets_the_discussion()
    {
        var patientCase = await StartAsync(app);
        await patientCase.SubmitOkAsync("consent-discussion", Surgeon);
        var tablet = await patientCase.TabletAsync();

        using (var asked = await tablet.PostAsync("/kiosk/questions", null))
            await ApiClient.ReadAsync(asked, 200);

        var inbox = (JsonArray)await (await patientCase.As(Surgeon)).GetJsonAsync($"/api/v1/tasks?role=surgeon&instanceId={patientCase.InstanceId}");
        Assert.Contains(inbox, t => t!["stepId"]!.GetValue<string>() == "clinician-discussion" && t["instanceId"]!.GetValue<string>() == patientCase.InstanceId.ToString());
        using var paused = await tablet.GetAsync("/kiosk/current-task");
        Assert.Equal(HttpStatusCode.NoContent, paused.StatusCode);
    }

    [Fact]
    public async Task Two_wrong_teach_back_answers_on_the_tablet_leave_nothing_to_sign()
    {
        var patientCase = await StartAsync(app);
        await patientCase.SubmitOkAsync("consent-discussion", Surgeon);
        var tablet = await patientCase.TabletAsync();
        var answers = patientCase.Answers("teach-back", overrides: new JsonObject { ["level"] = "L2-L3", ["risk"] = "eyesight" });

        using (var submitted = await tablet.PostAsync("/kiosk/current-task/submission", answers))
            await ApiClient.ReadAsync(submitted, 200);

        using var nothingToSign = await tablet.GetAsync("/kiosk/current-task");
        Assert.Equal(HttpStatusCode.NoContent, nothingToSign.StatusCode);
        Assert.Contains(await patientCase.OpenTasksAsync(), t => t!["stepId"]!.GetValue<string>() == "clinician-discussion");
    }

    [Fact]
    public async Task The_copy_link_opens_once_and_a_second_use_is_gone()
    {
        var patientCase = await StartAsync(app);
        await patientCase.SignConsentAsync();
        var tablet = await patientCase.TabletAsync();

        var issued = await ApiClient.ReadAsync(await tablet.PostAsync("/kiosk/copy-link", null), 200);
        var path = issued["url"]!.GetValue<string>();
        Assert.StartsWith("/copy/", path);
        Assert.DoesNotContain(patientCase.Mrn, path);
        Assert.DoesNotContain(patientCase.InstanceId.ToString(), path);

        var anyone = app.Anonymous();
        using (var first = await anyone.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal("application/pdf", first.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await first.Content.ReadAsByteArrayAsync(), 0, 4));
        }
        using (var second = await anyone.GetAsync(path))
            Assert.Equal(HttpStatusCode.Gone, second.StatusCode);
        using (var guessed = await anyone.GetAsync("/copy/not-a-token-anyone-issued"))
            Assert.Equal(HttpStatusCode.NotFound, guessed.StatusCode);
    }

    [Fact]
    public async Task The_copy_link_opened_right_after_the_patient_signs_gives_the_patient_copy_of_what_they_signed_once()
    {
        var patientCase = await StartAsync(app);
        await patientCase.PatientSignsAsync();
        var tablet = await patientCase.TabletAsync();
        var path = (await ApiClient.ReadAsync(await tablet.PostAsync("/kiosk/copy-link", null), 200))["url"]!.GetValue<string>();

        using (var copy = await app.Anonymous().GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.OK, copy.StatusCode);
            Assert.Equal("application/pdf", copy.Content.Headers.ContentType?.MediaType);
            var text = PdfText(await copy.Content.ReadAsByteArrayAsync());
            Assert.Contains("Patient copy", text);
            Assert.Contains("completed by the clinic's staff", text);
            Assert.Contains("Consent for percutaneous endoscopic lumbar discectomy (PELD)", text);
            Assert.Contains(patientCase.Mrn, text);
        }
        using (var second = await app.Anonymous().GetAsync(path))
            Assert.Equal(HttpStatusCode.Gone, second.StatusCode);

        // A read of patient data by the tablet session, recorded with ids only.
        await app.Services.GetRequiredService<ConsentFlow.Identity.Audit.AccessAudit>().FlushAsync(CancellationToken.None);
        var audit = (JsonArray)await (await app.ClientAsync(Administrator)).GetJsonAsync($"/api/v1/audit/access?instanceId={patientCase.InstanceId}");
        Assert.Contains(audit, e => e!["kind"]!.GetValue<string>() == "DocumentDownloaded" && e["actor"]?["id"]?.GetValue<string>() is { } actor
            && actor.StartsWith("kiosk:", StringComparison.Ordinal) && actor.EndsWith(":patient-copy", StringComparison.Ordinal));
        Assert.DoesNotContain(patientCase.Mrn, audit.ToJsonString());
    }

    [Fact]
    public async Task Once_the_staff_have_signed_the_copy_link_gives_the_sealed_consent_instead()
    {
        var patientCase = await StartAsync(app);
        await patientCase.SignConsentAsync();
        var tablet = await patientCase.TabletAsync();
        var path = (await ApiClient.ReadAsync(await tablet.PostAsync("/kiosk/copy-link", null), 200))["url"]!.GetValue<string>();

        using var copy = await app.Anonymous().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, copy.StatusCode);
        var text = PdfText(await copy.Content.ReadAsByteArrayAsync());
        Assert.DoesNotContain("Patient copy", text);
        Assert.Contains("Consent for percutaneous endoscopic lumbar discectomy (PELD)", text);
    }

    private static string PdfText(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }

    [Fact]
    public async Task An_expired_copy_link_is_refused()
    {
        var patientCase = await StartAsync(app);
        await patientCase.SignConsentAsync();
        // Issued 16 minutes ago: past its 15 minutes.
        var past = new FixedClock(DateTimeOffset.UtcNow - PatientCopyLinks.Lifetime - TimeSpan.FromMinutes(1));
        var links = new PatientCopyLinks(app.Services.GetRequiredService<IDbContextFactory<IdentityStoreContext>>(), past);
        var (token, _) = await links.IssueAsync(Guid.NewGuid(), patientCase.InstanceId, CancellationToken.None);

        using var expired = await app.Anonymous().GetAsync("/copy/" + token);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
    }

    [Fact]
    public async Task A_copy_link_is_offered_only_after_signing()
    {
        var patientCase = await StartAsync(app);
        await patientCase.SubmitOkAsync("consent-discussion", Surgeon);
        var tablet = await patientCase.TabletAsync();
        using var early = await tablet.PostAsync("/kiosk/copy-link", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
    }

    [Fact]
    public async Task A_patient_who_signed_withdraws_on_the_tablet_and_the_case_ends_withdrawn()
    {
        var patientCase = await StartAsync(app);
        await patientCase.SignConsentAsync();
        var tablet = await patientCase.TabletAsync();
        var nurse = await patientCase.As(Nurse);
        Assert.Equal(1, await ConsentCountAsync(nurse, patientCase, "active"));

        var withdrawn = await ApiClient.ReadAsync(await tablet.PostAsync("/kiosk/withdraw", null), 200);
        Assert.True(withdrawn["withdrawn"]!.GetValue<bool>());

        Assert.Equal("Withdrawn", await InstanceStatusAsync(nurse, patientCase));
        Assert.Equal(0, await ConsentCountAsync(nurse, patientCase, "active"));
        Assert.Equal(1, await ConsentCountAsync(nurse, patientCase, "inactive"));
        Assert.Empty(await patientCase.OpenTasksAsync());
        using (var nothingLeft = await tablet.GetAsync("/kiosk/current-task"))
            Assert.Equal(HttpStatusCode.NoContent, nothingLeft.StatusCode);
        // Once ended there is nothing more to withdraw: a refusal with a sentence, never a server error.
        using var again = await tablet.PostAsync("/kiosk/withdraw", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("has ended", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Right_after_the_patients_own_signature_the_tablet_withdraws_before_the_staff_have_signed()
    {
        var patientCase = await StartAsync(app);
        await patientCase.PatientSignsAsync();
        var tablet = await patientCase.TabletAsync();

        await ApiClient.ReadAsync(await tablet.PostAsync("/kiosk/withdraw", null), 200);

        var nurse = await patientCase.As(Nurse);
        Assert.Equal("Withdrawn", await InstanceStatusAsync(nurse, patientCase));
        Assert.Equal(0, await ConsentCountAsync(nurse, patientCase, "active"));
        Assert.Empty(await patientCase.OpenTasksAsync());
    }

    [Fact]
    public async Task Withdrawing_with_no_signed_consent_is_refused_with_a_sentence_and_changes_nothing()
    {
        var patientCase = await StartAsync(app);
        await patientCase.SubmitOkAsync("consent-discussion", Surgeon);
        var tablet = await patientCase.TabletAsync();

        using var refused = await tablet.PostAsync("/kiosk/withdraw", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("no signed consent to withdraw", await refused.Content.ReadAsStringAsync());

        Assert.NotEqual("Withdrawn", await InstanceStatusAsync(await patientCase.As(Nurse), patientCase));
        using var stillOpen = await tablet.GetAsync("/kiosk/current-task");
        Assert.Equal(HttpStatusCode.OK, stillOpen.StatusCode);
    }

    [Fact]
    public async Task A_tablet_withdraws_only_its_own_case_whatever_the_request_names()
    {
        var own = await StartAsync(app);
        await own.SignConsentAsync();
        var other = await StartAsync(app);
        await other.SignConsentAsync();
        var tablet = await own.TabletAsync();

        await ApiClient.ReadAsync(await tablet.PostAsync($"/kiosk/withdraw?instanceId={other.InstanceId}",
            new JsonObject { ["instanceId"] = other.InstanceId.ToString() }), 200);

        var nurse = await own.As(Nurse);
        Assert.Equal("Withdrawn", await InstanceStatusAsync(nurse, own));
        Assert.NotEqual("Withdrawn", await InstanceStatusAsync(nurse, other));
        Assert.Equal(1, await ConsentCountAsync(nurse, other, "active"));
    }

    private static async Task<string> InstanceStatusAsync(ApiClient staff, CaseDriver patientCase) =>
        (await staff.GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}/readiness"))["instanceStatus"]!.GetValue<string>();

    private static async Task<int> ConsentCountAsync(ApiClient staff, CaseDriver patientCase, string status) =>
        (await staff.GetJsonAsync($"/fhir/Consent?patient=Patient/{patientCase.PatientId}&status={status}"))["total"]!.GetValue<int>();

    [Fact]
    public async Task Only_the_tablet_may_decline_withdraw_or_ask_for_a_clinician_for_its_patient()
    {
        var patientCase = await StartAsync(app);
        var nurse = await patientCase.As(Nurse);
        foreach (var path in new[] { "/kiosk/decline", "/kiosk/withdraw", "/kiosk/questions" })
        {
            using (var byStaff = await nurse.PostAsync(path, new JsonObject()))
                Assert.Equal(HttpStatusCode.Forbidden, byStaff.StatusCode);
            using (var byNobody = await app.Anonymous().PostAsync(path, new JsonObject()))
                Assert.True(byNobody.StatusCode is HttpStatusCode.Unauthorized || byNobody.Headers.Location?.OriginalString.StartsWith("/account/login") == true,
                    $"anonymous {path}: {(int)byNobody.StatusCode}");
        }
        Assert.NotEmpty(await patientCase.OpenTasksAsync());
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
