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

        var detail = await (await patientCase.As(CaseDriver.Nurse)).GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}");
        var consentId = detail["consents"]![0]!["id"]!.GetValue<string>();
        using var response = await (await patientCase.As(CaseDriver.Nurse)).GetAsync($"/fhir/Consent/{consentId}");
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var consent = await ApiClient.ReadAsync(response, 200);

        Assert.Equal("Consent", consent["resourceType"]!.GetValue<string>());
        Assert.Equal("active", consent["status"]!.GetValue<string>());
        Assert.Equal("treatment", consent["scope"]!["coding"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("59284-0", consent["category"]![0]!["coding"]![0]!["code"]!.GetValue<string>());
        Assert.Equal($"Patient/{patientCase.PatientId}", consent["patient"]!["reference"]!.GetValue<string>());
        Assert.Equal("permit", consent["provision"]!["type"]!.GetValue<string>());
        Assert.Equal("62380", consent["provision"]!["code"]![0]!["coding"]![0]!["code"]!.GetValue<string>());
        var period = consent["provision"]!["period"]!;
        // Valid through the 30th calendar day after signing, in the clinic's zone: the period ends that day's midnight.
        Assert.InRange((DateTime.Parse(period["end"]!.GetValue<string>()) - DateTime.Parse(period["start"]!.GetValue<string>())).TotalDays, 30, 31);
        Assert.NotNull(consent["policyRule"]);
        // The Consent points to its signed document, and names the clinic exactly as the document does.
        var source = consent["sourceReference"]!["reference"]!.GetValue<string>();
        Assert.StartsWith("DocumentReference/", source);
        var document = await (await patientCase.As(CaseDriver.Nurse)).GetJsonAsync($"/fhir/{source}");
        Assert.Equal(consent["organization"]![0]!["display"]!.GetValue<string>(), document["custodian"]!["display"]!.GetValue<string>());
        Assert.Equal($"urn:uuid:{consentId}", consent["identifier"]![0]!["value"]!.GetValue<string>());
        Assert.Equal("Dr. M. Okafor", consent["provision"]!["actor"]![0]!["reference"]!["display"]!.GetValue<string>());
    }

    [Fact]
    public async Task Completed_forms_are_questionnaire_responses_of_the_patient()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        await patientCase.SubmitOkAsync("imaging-review", CaseDriver.Nurse);
        await patientCase.SubmitOkAsync("sedation-screening", CaseDriver.Nurse);

        var bundle = await (await patientCase.As(CaseDriver.Nurse)).GetJsonAsync($"/fhir/QuestionnaireResponse?subject=Patient/{patientCase.PatientId}");
        var responses = bundle["entry"]!.AsArray().Select(e => e!["resource"]!).ToList();
        Assert.Equal(2, responses.Count);
        var sedation = responses.Single(r => r["questionnaire"]!.GetValue<string>().Contains("/Questionnaire/peld-consent-sedation|"));
        Assert.Equal("completed", sedation["status"]!.GetValue<string>());
        // The author is the signed-in nurse's account, not a name anyone could type.
        await using var scope = app.Services.CreateAsyncScope();
        var nurse = await scope.ServiceProvider.GetRequiredService<ConsentFlow.Identity.Accounts.StaffAccounts>().FindByNameAsync(CaseDriver.Nurse);
        Assert.Equal(nurse!.Id, sedation["author"]!["identifier"]!["value"]!.GetValue<string>());
        var bmi = sedation["item"]!.AsArray().Single(i => i!["linkId"]!.GetValue<string>() == "bmi")!;
        Assert.Equal("kg/m²", bmi["answer"]![0]!["valueQuantity"]!["unit"]!.GetValue<string>());
        Assert.Equal("http://unitsofmeasure.org", bmi["answer"]![0]!["valueQuantity"]!["system"]!.GetValue<string>());
        Assert.Equal("kg/m2", bmi["answer"]![0]!["valueQuantity"]!["code"]!.GetValue<string>());
        var asa = sedation["item"]!.AsArray().Single(i => i!["linkId"]!.GetValue<string>() == "asaClass")!;
        Assert.NotNull(asa["answer"]![0]!["valueCoding"]!["system"]);
        Assert.Contains(sedation["item"]!.AsArray(), i => i!["linkId"]!.GetValue<string>() == "stopBangScore");
    }

    [Fact]
    public async Task The_capability_statement_lists_only_what_is_served()
    {
        using var response = await (await app.ClientAsync(CaseDriver.Nurse)).GetAsync("/fhir/metadata");
        var metadata = await ApiClient.ReadAsync(response, 200);
        Assert.Equal("4.0.1", metadata["fhirVersion"]!.GetValue<string>());
        Assert.Equal(["Patient", "Consent", "Provenance", "DocumentReference", "QuestionnaireResponse", "Questionnaire", "Organization", "Bundle"],
            metadata["rest"]![0]!["resource"]!.AsArray().Select(r => r!["type"]!.GetValue<string>()));
        Assert.Equal(["json", "xml", "application/fhir+json", "application/fhir+xml"], metadata["format"]!.AsArray().Select(f => f!.GetValue<string>()));
        var consent = metadata["rest"]![0]!["resource"]!.AsArray().Single(r => r!["type"]!.GetValue<string>() == "Consent")!;
        Assert.Equal(["read", "search-type", "vread", "history-instance"], consent["interaction"]!.AsArray().Select(i => i!["code"]!.GetValue<string>()));
        Assert.Equal(["patient", "patient.identifier", "status", "date", "_count", "_offset"], consent["searchParam"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
    }
}
