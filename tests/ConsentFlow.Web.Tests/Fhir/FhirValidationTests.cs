using System.Text.Json.Nodes;
using ConsentFlow.Web.Tests.Support;
using Hl7.Fhir.Model;
using Xunit.Abstractions;
using Task = System.Threading.Tasks.Task;

namespace ConsentFlow.Web.Tests.Fhir;

[Collection(AppCollection.Name)]
public sealed class FhirValidationTests(RunningApp app, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_resource_the_server_serves_passes_the_core_r4_validator_as_json_and_as_xml()
    {
        var signed = await FhirCases.PatientSignedAsync(app);
        var represented = await FhirCases.RepresentativeWithInterpreterSignedAsync(app);
        using (var withdrawn = await (await represented.As(CaseDriver.Nurse)).PostAsync($"/api/v1/cases/{represented.InstanceId}/withdraw", new JsonObject()))
            await ApiClient.ReadAsync(withdrawn, 200);
        var nurse = await app.ClientAsync(CaseDriver.Nurse);

        var paths = new List<string> { "/fhir/metadata", "/fhir/Organization/clinic", "/fhir/Questionnaire", $"/fhir/Consent/{Guid.NewGuid()}", "/fhir/Consent?unknown-parameter=1" };
        foreach (var patientCase in new[] { signed, represented })
        {
            var patient = $"Patient/{patientCase.PatientId}";
            var consentId = await FhirCases.ConsentIdAsync(patientCase);
            paths.AddRange(
            [
                $"/fhir/{patient}", $"/fhir/Patient?identifier={FhirCases.MrnSystem}|{patientCase.Mrn}", $"/fhir/Bundle/{patientCase.CaseId}",
                $"/fhir/Consent/{consentId}", $"/fhir/Consent/{consentId}/_history", $"/fhir/Consent/{consentId}/_history/1",
                $"/fhir/Consent?patient={patient}&_include=Consent:patient&_include=Consent:source-reference&_revinclude=Provenance:target",
                $"/fhir/Provenance?target=Consent/{consentId}", $"/fhir/DocumentReference?patient={patient}", $"/fhir/QuestionnaireResponse?subject={patient}",
            ]);
            var bundle = await nurse.GetJsonAsync($"/fhir/Bundle/{patientCase.CaseId}");
            foreach (var resource in FhirCases.Resources(bundle).Where(r => r["resourceType"]!.GetValue<string>() is not ("Patient" or "Organization")))
            {
                var type = resource["resourceType"]!.GetValue<string>();
                var id = resource["id"]!.GetValue<string>();
                paths.Add(type == "Questionnaire" ? $"/fhir/Questionnaire/{id}/_history/{resource["meta"]!["versionId"]}" : $"/fhir/{type}/{id}");
                if (type == "Questionnaire") paths.AddRange([$"/fhir/Questionnaire/{id}", $"/fhir/Questionnaire/{id}/_history"]);
            }
        }

        int responses = 0, resources = 0, errors = 0, warnings = 0;
        var problems = new List<string>();
        var types = new SortedSet<string>();
        foreach (var path in paths.Distinct())
            foreach (var format in new[] { "json", "xml" })
            {
                using var response = await nurse.GetAsync(path + (path.Contains('?') ? "&" : "?") + "_format=" + format);
                var text = await response.Content.ReadAsStringAsync();
                Assert.Equal($"application/fhir+{format}", response.Content.Headers.ContentType?.MediaType);
                var resource = format == "json" ? FhirValidation.ParseJson(text) : FhirValidation.ParseXml(text);
                var outcome = FhirValidation.Validate(resource);
                var found = FhirValidation.Errors(outcome);
                var cautions = FhirValidation.Warnings(outcome);
                responses++;
                resources += 1 + (resource is Bundle b ? b.Entry.Count : 0);
                errors += found.Count;
                warnings += cautions.Count;
                types.Add(resource.TypeName);
                foreach (var entry in (resource as Bundle)?.Entry ?? []) types.Add(entry.Resource!.TypeName);
                if (found.Count > 0) problems.Add($"{path} ({format}):\n{FhirValidation.Describe(found)}");
                if (cautions.Count > 0 && format == "json") output.WriteLine($"{path}: {cautions.Count} warnings\n{FhirValidation.Describe(cautions)}");
            }
        output.WriteLine($"FHIR validation: {responses} responses, {resources} resources (bundle entries included), {errors} errors, {warnings} warnings; types: {string.Join(", ", types)}");
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "consentflow-fhir-validation.txt"),
            $"{responses} responses, {resources} resources, {errors} errors, {warnings} warnings; types: {string.Join(", ", types)}\n");
        Assert.True(errors == 0, $"{errors} validation errors:\n" + string.Join("\n", problems));
        Assert.Superset(new SortedSet<string> { "Bundle", "CapabilityStatement", "Consent", "DocumentReference", "OperationOutcome", "Organization", "Patient", "Provenance", "Questionnaire", "QuestionnaireResponse" }, types);
    }
}
