using System.Text.Json.Nodes;
using ConsentFlow.Web.Tests.Support;

namespace ConsentFlow.Web.Tests.Fhir;

/// <summary>Demo-like cases driven through the app up to a signed consent, for the FHIR tests to read back.</summary>
public static class FhirCases
{
    public const string MrnSystem = "urn:consentflow:mrn";

    /// <summary>Imaging and sedation screened (with the anesthesia review when screening asks for it), the patient consents and signs.</summary>
    public static async Task<CaseDriver> PatientSignedAsync(RunningApp app)
    {
        var patientCase = await CaseDriver.StartAsync(app);
        await patientCase.SubmitOkAsync("imaging-review", CaseDriver.Nurse);
        await patientCase.SubmitOkAsync("sedation-screening", CaseDriver.Nurse);
        if ((await patientCase.OpenTasksAsync()).Any(t => t!["stepId"]!.GetValue<string>() == "anesthesia-escalation"))
            await patientCase.SubmitOkAsync("anesthesia-escalation", CaseDriver.Anesthesiologist);
        await patientCase.SignConsentAsync();
        return patientCase;
    }

    /// <summary>A Spanish-speaking patient lacking capacity: the daughter consents as legal representative, through an interpreter.</summary>
    public static async Task<CaseDriver> RepresentativeWithInterpreterSignedAsync(RunningApp app)
    {
        var patientCase = await CaseDriver.StartAsync(app, language: "es");
        using (var discussion = await patientCase.SubmitAsync("consent-discussion", CaseDriver.Surgeon, new JsonObject
        {
            ["hasCapacity"] = false, ["capacityAssessedBy"] = "Dr. M. Okafor", ["signer"] = "legalRepresentative",
            ["representativeRelationship"] = "Daughter", ["representativeAuthority"] = "Durable power of attorney for health care",
            ["discussionLanguage"] = "en", ["language"] = "es", ["interpreterUsed"] = true, ["interpreterId"] = "Lucía Romero (ID 4471)",
            ["interpreterLanguage"] = "es", ["interpreterMode"] = "video",
        }))
            await ApiClient.ReadAsync(discussion, 200);
        await patientCase.SubmitOkAsync("teach-back", CaseDriver.Patient);
        // The nurse records the external interpreter when handing over the tablet; both sign on it.
        var (tablet, started) = await patientCase.HandOverAsync(new()
        {
            ["premedicationCharted"] = "no", ["interpreterName"] = "Lucía Romero", ["interpreterIdNumber"] = "4471",
            ["interpreterAgency"] = "Language Line", ["interpreterMode"] = "video", ["interpreterLanguage"] = "es",
        });
        using (started) Assert.Equal("/kiosk", started.Headers.Location?.OriginalString);
        using (var representative = await tablet.PostAsync("/kiosk/current-task/signature", patientCase.Answers("consent-signature", "patient")))
            await ApiClient.ReadAsync(representative, 200);
        await patientCase.SubmitOkAsync("consent-signature", CaseDriver.Witness, "witness");
        using (var interpreter = await tablet.PostAsync("/kiosk/current-task/signature", patientCase.Answers("consent-signature", "interpreter")))
            await ApiClient.ReadAsync(interpreter, 200);
        await patientCase.SubmitOkAsync("consent-signature", CaseDriver.Surgeon, "surgeon");
        return patientCase;
    }

    public static async Task<string> ConsentIdAsync(CaseDriver patientCase) =>
        (await (await patientCase.As(CaseDriver.Nurse)).GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}"))["consents"]![0]!["id"]!.GetValue<string>();

    public static IEnumerable<JsonNode> Resources(JsonNode bundle, string? type = null) =>
        (bundle["entry"] as JsonArray ?? []).Select(e => e!["resource"]!).Where(r => type is null || r["resourceType"]!.GetValue<string>() == type);
}
