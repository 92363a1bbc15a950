using System.Text.Json.Nodes;
using ConsentFlow.Web.Tests.Support;

namespace ConsentFlow.Web.Tests.Api;

[Collection(AppCollection.Name)]
public sealed class FhirTests(RunningApp app)
{
    [Fact]
    public async Task A_signed_consent_is_an_active_fhir_consent_for_cpt_62380()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        await patientCase.SignConsentAsync();

        var detail = await (await patientCase.As(CaseDriver.Nurse)).GetJsonAsync($"/api/cases/{patientCase.InstanceId}");
        var consentId = detail["consents"]![0]!["id"]!.GetValue<string>();
        using var response = await (await patientCase.As(CaseDriver.Nurse)).GetAsync($"/fhir/Consent/{consentId}");
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var consent = await ApiClient.ReadAsync(response, 200);

        Assert.Equal("Consent", consent["resourceType"]!.GetValue<string>());
        Assert.Equal("active", consent["status"]!.GetValue<string>());
        Assert.Equal("treatment", consent["scope"]!["coding"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("59284-0", consent["category"]![0]!["coding"]![0]!["code"]!.GetValue<string>());
        Assert.Equal($"Patient/{patientCase.CaseId}", consent["patient"]!["reference"]!.GetValue<string>());
        Assert.Equal("permit", consent["provision"]!["type"]!.GetValue<string>());
        Assert.Equal("62380", consent["provision"]!["code"]![0]!["coding"]![0]!["code"]!.GetValue<string>());
        var period = consent["provision"]!["period"]!;
        Assert.Equal(30, (DateTime.Parse(period["end"]!.GetValue<string>()) - DateTime.Parse(period["start"]!.GetValue<string>())).TotalDays, 3);
        Assert.NotNull(consent["policyRule"]);
    }

    [Fact]
    public async Task Completed_forms_are_questionnaire_responses_of_the_patient()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        await patientCase.SubmitOkAsync("imaging-review", CaseDriver.Nurse);
        await patientCase.SubmitOkAsync("sedation-screening", CaseDriver.Nurse);

        var bundle = await (await patientCase.As(CaseDriver.Nurse)).GetJsonAsync($"/fhir/QuestionnaireResponse?subject=Patient/{patientCase.CaseId}");
        var responses = bundle["entry"]!.AsArray().Select(e => e!["resource"]!).ToList();
        Assert.Equal(2, responses.Count);
        var sedation = responses.Single(r => r["questionnaire"]!.GetValue<string>().Contains(":sedation|"));
        Assert.Equal("completed", sedation["status"]!.GetValue<string>());
        // The author is the signed-in nurse's account, not a name anyone could type.
        await using var scope = app.Services.CreateAsyncScope();
        var nurse = await scope.ServiceProvider.GetRequiredService<ConsentFlow.Identity.Accounts.StaffAccounts>().FindByNameAsync(CaseDriver.Nurse);
        Assert.Equal(nurse!.Id, sedation["author"]!["identifier"]!["value"]!.GetValue<string>());
        var bmi = sedation["item"]!.AsArray().Single(i => i!["linkId"]!.GetValue<string>() == "bmi")!;
        Assert.Equal("kg/m²", bmi["answer"]![0]!["valueQuantity"]!["unit"]!.GetValue<string>());
        Assert.Contains(sedation["item"]!.AsArray(), i => i!["linkId"]!.GetValue<string>() == "stopBangScore");
    }

    [Fact]
    public async Task The_capability_statement_lists_only_what_is_served()
    {
        using var response = await (await app.ClientAsync(CaseDriver.Nurse)).GetAsync("/fhir/metadata");
        var metadata = await ApiClient.ReadAsync(response, 200);
        Assert.Equal("4.0.1", metadata["fhirVersion"]!.GetValue<string>());
        Assert.Equal(["Consent", "QuestionnaireResponse", "DocumentReference"], metadata["rest"]![0]!["resource"]!.AsArray().Select(r => r!["type"]!.GetValue<string>()));
    }
}
