using System.Net;
using System.Text.Json.Nodes;
using ConsentFlow.Identity.Accounts;
using ConsentFlow.Identity.ApiKeys;
using ConsentFlow.Web.Hosting;
using ConsentFlow.Web.Tests.Support;
using UglyToad.PdfPig;
using static ConsentFlow.Web.Tests.Support.CaseDriver;

namespace ConsentFlow.Web.Tests.Security;

/// <summary>A signature is an act of one identified person (ESIGN/UETA, 21 CFR Part 11 §11.50, §11.100, §11.200).</summary>
[Collection(AppCollection.Name)]
public sealed class SigningTests(RunningApp app)
{
    [Fact]
    public async Task One_person_never_signs_one_consent_in_two_capacities()
    {
        var patientCase = await ReadyToSignAsync();
        await patientCase.SubmitOkAsync("consent-signature", Patient, "patient");
        // The surgeon may witness, but then cannot also attest as the surgeon of the same consent.
        await patientCase.SubmitOkAsync("consent-signature", Surgeon, "witness");
        using var attestation = await patientCase.SubmitAsync("consent-signature", Surgeon, signer: "surgeon");
        var problem = await ApiClient.ReadAsync(attestation, 403);
        Assert.Contains("same person cannot sign one consent in two capacities", problem["detail"]!.GetValue<string>());
        Assert.Contains(await patientCase.OpenTasksAsync(), t => t!["signerRole"]?.GetValue<string>() == "surgeon");
    }

    [Fact]
    public async Task A_staff_signature_asks_for_the_password_again_even_inside_a_signed_in_session()
    {
        var patientCase = await ReadyToSignAsync();
        await patientCase.SubmitOkAsync("consent-signature", Patient, "patient");

        using var withoutPassword = await patientCase.SubmitAsync("consent-signature", Witness, signer: "witness", password: null);
        Assert.NotNull((await ApiClient.ReadAsync(withoutPassword, 400))["errors"]!["password"]);
        using var wrongPassword = await patientCase.SubmitAsync("consent-signature", Witness, signer: "witness", password: "a guess that is wrong");
        Assert.NotNull((await ApiClient.ReadAsync(wrongPassword, 400))["errors"]!["password"]);
        var task = await patientCase.TaskAsync("consent-signature", "witness");
        using var checklistRoute = await (await patientCase.As(Witness)).PostAsync($"/api/v1/tasks/{task["id"]}/submission", patientCase.Answers("consent-signature", "witness"));
        await ApiClient.ReadAsync(checklistRoute, 400);

        await patientCase.SubmitOkAsync("consent-signature", Witness, "witness");
    }

    [Fact]
    public async Task An_api_key_cannot_sign_even_with_its_users_rights()
    {
        var patientCase = await ReadyToSignAsync();
        await patientCase.SubmitOkAsync("consent-signature", Patient, "patient");
        var key = await app.Services.GetRequiredService<ApiKeyService>().CreateAsync(Witness, [ApiKeyScopes.Write], "ehr", "tests", CancellationToken.None);
        var task = await patientCase.TaskAsync("consent-signature", "witness");
        using var signed = await ApiClient.WithApiKey(app.BaseAddress, key.Key).PostAsync($"/api/v1/tasks/{task["id"]}/signature",
            new JsonObject { ["answers"] = patientCase.Answers("consent-signature", "witness"), ["password"] = DemoStaff.Password });
        Assert.Equal(HttpStatusCode.Forbidden, signed.StatusCode);
    }

    [Fact]
    public async Task The_patient_signs_only_on_the_tablet_never_through_a_staff_account()
    {
        var patientCase = await ReadyToSignAsync();
        using var byNurse = await patientCase.SubmitAsync("consent-signature", Nurse, signer: "patient");
        await ApiClient.ReadAsync(byNurse, 403);
    }

    [Fact]
    public async Task The_signed_pdf_prints_each_signers_name_and_title_from_their_account_and_the_journal_names_them()
    {
        var patientCase = await StartAsync(app);
        var document = (await patientCase.SignConsentAsync())["document"]!;
        using var download = await (await patientCase.As(Nurse)).GetAsync(document["url"]!.GetValue<string>());
        using var pdf = PdfDocument.Open(await download.Content.ReadAsByteArrayAsync());
        var text = string.Join(" ", pdf.GetPages().Select(p => p.Text));
        Assert.Contains("Dr. Maya Okafor, MD, spine surgeon", text);
        Assert.Contains("Casey Morgan, RN", text);
        // The patient's identity was vouched for by the nurse who handed over the tablet.
        Assert.Contains("Identity checked by Jordan Lee, RN", text);

        var trail = (JsonArray)await (await patientCase.As(Nurse)).GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}/audit-trail");
        var signatures = trail.Where(e => e!["action"]!.GetValue<string>() == "consent.signed").Select(e => e!["actor"]!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["Patient tablet session", "Casey Morgan, RN", "Dr. Maya Okafor, MD, spine surgeon"], signatures);
    }

    [Fact]
    public async Task The_two_overrides_of_a_sedation_hard_stop_come_from_two_different_people()
    {
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<StaffAccounts>().AddAsync(
                new NewStaffAccount("dual-role", "Dr. Sam Both", "MD", [StaffRoles.Surgeon, StaffRoles.Anesthesiologist], DemoStaff.Password), "tests", CancellationToken.None);
        var patientCase = await StartAsync(app);
        await patientCase.SubmitOkAsync("imaging-review", Nurse);
        using (var screening = await patientCase.SubmitAsync("sedation-screening", Nurse, new JsonObject { ["escortArranged"] = false }))
            await ApiClient.ReadAsync(screening, 200);

        var overrides = (await patientCase.OpenTasksAsync()).Where(t => t!["kind"]!.GetValue<string>() == "Override").ToList();
        var dual = await ApiClient.SignInAsync(app.BaseAddress, "dual-role", DemoStaff.Password);
        var body = new JsonObject { ["answers"] = new JsonObject { ["reason"] = "Daughter confirmed by phone that she drives the patient home." }, ["password"] = DemoStaff.Password };
        using var first = await dual.PostAsync($"/api/v1/tasks/{overrides[0]!["id"]}/signature", body.DeepClone());
        await ApiClient.ReadAsync(first, 200);
        using var second = await dual.PostAsync($"/api/v1/tasks/{overrides[1]!["id"]}/signature", body.DeepClone());
        var problem = await ApiClient.ReadAsync(second, 403);
        Assert.Contains("second person", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_consent_discussion_is_the_surgeons_own_act_and_asks_for_the_password_again()
    {
        var patientCase = await StartAsync(app);
        using var withoutPassword = await patientCase.SubmitAsync("consent-discussion", Surgeon, password: null);
        Assert.NotNull((await ApiClient.ReadAsync(withoutPassword, 400))["errors"]!["password"]);
        await patientCase.SubmitOkAsync("consent-discussion", Surgeon);
    }

    [Fact]
    public async Task An_ehr_key_fills_the_imaging_review_but_never_the_consent_discussion_or_teach_back()
    {
        var patientCase = await StartAsync(app);
        var keys = app.Services.GetRequiredService<ApiKeyService>();
        var surgeonKey = ApiClient.WithApiKey(app.BaseAddress, (await keys.CreateAsync(Surgeon, [ApiKeyScopes.Write], "ehr", "tests", CancellationToken.None)).Key);
        var nurseKey = ApiClient.WithApiKey(app.BaseAddress, (await keys.CreateAsync(Nurse, [ApiKeyScopes.Write], "ehr", "tests", CancellationToken.None)).Key);

        var imaging = await patientCase.TaskAsync("imaging-review");
        using (var filled = await nurseKey.PostAsync($"/api/v1/tasks/{imaging["id"]}/submission", patientCase.Answers("imaging-review")))
            await ApiClient.ReadAsync(filled, 200);

        var discussion = await patientCase.TaskAsync("consent-discussion");
        using (var byKey = await surgeonKey.PostAsync($"/api/v1/tasks/{discussion["id"]}/submission", patientCase.Answers("consent-discussion")))
            Assert.Equal(HttpStatusCode.Forbidden, byKey.StatusCode);
        await patientCase.SubmitOkAsync("consent-discussion", Surgeon);
        var teachBack = await patientCase.TaskAsync("teach-back");
        using var teachBackByKey = await nurseKey.PostAsync($"/api/v1/tasks/{teachBack["id"]}/submission", patientCase.Answers("teach-back"));
        Assert.Equal(HttpStatusCode.Forbidden, teachBackByKey.StatusCode);
    }

    private async Task<CaseDriver> ReadyToSignAsync()
    {
        var patientCase = await StartAsync(app);
        await patientCase.SubmitOkAsync("consent-discussion", Surgeon);
        await patientCase.SubmitOkAsync("teach-back", Patient);
        return patientCase;
    }
}
