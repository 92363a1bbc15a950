using System.Net;
using System.Text.Json.Nodes;
using ConsentFlow.Web.Tests.Support;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http;
using Task = System.Threading.Tasks.Task;

namespace ConsentFlow.Web.Tests.Fhir;

/// <summary>
/// POST [type]/_search: the same search as GET with its parameters in a form body, so an MRN (PHI) stays out of URLs,
/// including every link of the Bundle it answers with.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FhirPostSearchTests(RunningApp app)
{
    private Task<ApiClient> Nurse() => app.ClientAsync(CaseDriver.Nurse);

    private static async Task<HttpResponseMessage> PostSearchAsync(ApiClient client, string type, params (string Name, string Value)[] parameters) =>
        await client.PostContentAsync($"/fhir/{type}/_search", new FormUrlEncodedContent(parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))));

    private static IEnumerable<string> LinkUrls(JsonNode bundle) =>
        (bundle["link"] as JsonArray ?? []).Select(l => l!["url"]!.GetValue<string>());

    private static string? Link(JsonNode bundle, string relation) =>
        (bundle["link"] as JsonArray ?? []).FirstOrDefault(l => l!["relation"]!.GetValue<string>() == relation)?["url"]?.GetValue<string>();

    private static IEnumerable<string> Ids(JsonNode bundle) => FhirCases.Resources(bundle).Select(r => $"{r["resourceType"]}/{r["id"]}").Order();

    [Fact]
    public async Task A_fhir_patient_search_by_post_finds_the_patient_with_the_mrn_kept_out_of_the_url()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        var nurse = await Nurse();

        using var response = await PostSearchAsync(nurse, "Patient", ("identifier", $"{FhirCases.MrnSystem}|{patientCase.Mrn}"));
        var bundle = await ApiClient.ReadAsync(response, 200);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("searchset", bundle["type"]!.GetValue<string>());
        Assert.Equal(1, bundle["total"]!.GetValue<int>());
        Assert.Equal(patientCase.PatientId.ToString(), FhirCases.Resources(bundle).Single()["id"]!.GetValue<string>());

        // The MRN is in the Patient (that is what was asked for) but in no URL: the links name the patient by id.
        Assert.All(LinkUrls(bundle), url => Assert.DoesNotContain(patientCase.Mrn, url));
        Assert.All(bundle["entry"]!.AsArray(), e => Assert.DoesNotContain(patientCase.Mrn, e!["fullUrl"]!.GetValue<string>()));
        var self = Link(bundle, "self")!;
        Assert.Contains($"_id={patientCase.PatientId}", self);
        // The self link is the search the server ran: following it (a GET, as clients page) finds the same patient.
        var again = await nurse.GetJsonAsync(new Uri(self).PathAndQuery);
        Assert.Equal(Ids(bundle), Ids(again));
    }

    [Fact]
    public async Task A_fhir_patient_search_by_post_for_an_unknown_mrn_finds_no_one_and_still_keeps_it_out_of_the_url()
    {
        var mrn = "NOBODY-" + Guid.NewGuid().ToString("N")[..8];
        using var response = await PostSearchAsync(await Nurse(), "Patient", ("identifier", $"{FhirCases.MrnSystem}|{mrn}"));
        var bundle = await ApiClient.ReadAsync(response, 200);
        Assert.Equal(0, bundle["total"]!.GetValue<int>());
        Assert.NotEmpty(LinkUrls(bundle));
        Assert.DoesNotContain(mrn, bundle.ToJsonString());
    }

    [Fact]
    public async Task Every_fhir_search_answers_the_same_by_post_as_by_get()
    {
        var patientCase = await FhirCases.PatientSignedAsync(app);
        var consentId = await FhirCases.ConsentIdAsync(patientCase);
        var nurse = await Nurse();
        var mrn = $"{FhirCases.MrnSystem}|{patientCase.Mrn}";
        (string Type, (string, string)[] Parameters)[] searches =
        [
            ("Patient", [("identifier", mrn)]),
            ("Consent", [("patient.identifier", mrn), ("status", "active"), ("_include", "Consent:patient"), ("_revinclude", "Provenance:target")]),
            ("Provenance", [("target", $"Consent/{consentId}")]),
            ("DocumentReference", [("subject.identifier", mrn), ("_include", "DocumentReference:subject")]),
            ("QuestionnaireResponse", [("patient", $"Patient/{patientCase.PatientId}"), ("status", "completed")]),
            ("Questionnaire", [("status", "active"), ("_count", "3")]),
        ];
        foreach (var (type, parameters) in searches)
        {
            var get = await nurse.GetJsonAsync($"/fhir/{type}{QueryString.Create(parameters.Select(p => new KeyValuePair<string, string?>(p.Item1, p.Item2)))}");
            using var posted = await PostSearchAsync(nurse, type, parameters);
            var post = await ApiClient.ReadAsync(posted, 200);
            Assert.True(get["total"]!.GetValue<int>() > 0, $"{type}: the GET search found nothing to compare");
            Assert.Equal(get["total"]!.GetValue<int>(), post["total"]!.GetValue<int>());
            Assert.Equal(Ids(get), Ids(post));
            Assert.All(LinkUrls(post), url => Assert.DoesNotContain(patientCase.Mrn, url));
        }
    }

    [Fact]
    public async Task A_post_search_pages_with_links_a_client_follows_by_get()
    {
        var nurse = await Nurse();
        using var first = await PostSearchAsync(nurse, "Questionnaire", ("_count", "5"));
        var page = await ApiClient.ReadAsync(first, 200);
        var total = page["total"]!.GetValue<int>();
        var seen = FhirCases.Resources(page).Select(r => $"{r["id"]}|{r["version"]}").ToList();
        while (Link(page, "next") is { } next)
        {
            page = await nurse.GetJsonAsync(new Uri(next).PathAndQuery);
            seen.AddRange(FhirCases.Resources(page).Select(r => $"{r["id"]}|{r["version"]}"));
        }
        Assert.Equal(total, seen.Distinct().Count());
    }

    [Fact]
    public async Task A_post_search_with_an_unknown_parameter_answers_400_with_an_operation_outcome_naming_it()
    {
        using var response = await PostSearchAsync(await Nurse(), "Consent", ("patient.identifier", "urn:x|123"), ("favourite-colour", "blue"));
        var outcome = await ApiClient.ReadAsync(response, 400);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("OperationOutcome", outcome["resourceType"]!.GetValue<string>());
        Assert.Equal("invalid", outcome["issue"]![0]!["code"]!.GetValue<string>());
        Assert.Contains("'favourite-colour'", outcome["issue"]![0]!["diagnostics"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Patient", "identifier", "urn:consentflow:mrn|")]
    [InlineData("Patient", "identifier", "urn:consentflow:mrn|MRN-SECRET|again")]
    [InlineData("Consent", "patient.identifier", "MRN-SECRET-MRN-SECRET-MRN-SECRET-MRN-SECRET-MRN-SECRET-MRN-SECRET-MRN-SECRET")]
    [InlineData("DocumentReference", "subject.identifier", "MRN-SECRET\u0001")]
    public async Task A_malformed_identifier_answers_400_naming_the_parameter_and_never_echoing_the_value(string type, string name, string value)
    {
        var nurse = await Nurse();
        using var posted = await PostSearchAsync(nurse, type, (name, value));
        using var got = await nurse.GetAsync($"/fhir/{type}?{name}={Uri.EscapeDataString(value)}");
        foreach (var response in new[] { posted, got })
        {
            var outcome = await ApiClient.ReadAsync(response, 400);
            var diagnostics = outcome["issue"]![0]!["diagnostics"]!.GetValue<string>();
            Assert.Contains($"'{name}'", diagnostics);
            Assert.DoesNotContain("MRN-SECRET", outcome.ToJsonString());
        }
    }

    [Fact]
    public async Task A_post_search_in_another_content_type_answers_415_with_an_operation_outcome()
    {
        using var response = await (await Nurse()).PostAsync("/fhir/Patient/_search", new JsonObject { ["identifier"] = "urn:x|123" });
        var outcome = await ApiClient.ReadAsync(response, 415);
        Assert.Equal("OperationOutcome", outcome["resourceType"]!.GetValue<string>());
        Assert.Contains("application/x-www-form-urlencoded", outcome["issue"]![0]!["diagnostics"]!.GetValue<string>());
        Assert.DoesNotContain("123", outcome.ToJsonString());
    }

    [Fact]
    public async Task A_post_search_needs_the_same_rights_as_a_get_search()
    {
        using var anonymous = await PostSearchAsync(app.Anonymous(), "Patient", ("identifier", "urn:x|123"));
        Assert.Equal("login", (await ApiClient.ReadAsync(anonymous, 401))["issue"]![0]!["code"]!.GetValue<string>());
        using var scheduler = await PostSearchAsync(await app.ClientAsync(CaseDriver.Scheduler), "Consent", ("patient.identifier", "urn:x|123"));
        Assert.Equal("forbidden", (await ApiClient.ReadAsync(scheduler, 403))["issue"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_capability_statement_declares_search_by_post_and_a_post_search_bundle_passes_the_validator()
    {
        var patientCase = await FhirCases.PatientSignedAsync(app);
        var nurse = await Nurse();
        var metadata = await nurse.GetJsonAsync("/fhir/metadata");
        var resources = metadata["rest"]![0]!["resource"]!.AsArray();
        foreach (var type in new[] { "Patient", "Consent", "Provenance", "DocumentReference", "QuestionnaireResponse", "Questionnaire" })
        {
            var searchType = resources.Single(r => r!["type"]!.GetValue<string>() == type)!["interaction"]!.AsArray()
                .Single(i => i!["code"]!.GetValue<string>() == "search-type")!;
            Assert.Contains("POST [base]/[type]/_search", searchType["documentation"]!.GetValue<string>());
        }

        foreach (var format in new[] { "json", "xml" })
        {
            var checkedResources = new List<Resource>();
            using (var capability = await nurse.GetAsync($"/fhir/metadata?_format={format}"))
                checkedResources.Add(await ParseAsync(capability, format));
            using (var search = await nurse.PostContentAsync($"/fhir/Consent/_search?_format={format}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["patient.identifier"] = $"{FhirCases.MrnSystem}|{patientCase.Mrn}", ["_include"] = "Consent:patient", ["_revinclude"] = "Provenance:target",
            })))
                checkedResources.Add(await ParseAsync(search, format));
            using (var refused = await PostSearchAsync(nurse, "Consent", ("unknown-parameter", "1")))
                checkedResources.Add(FhirValidation.ParseJson(await refused.Content.ReadAsStringAsync()));
            foreach (var resource in checkedResources)
            {
                var errors = FhirValidation.Errors(FhirValidation.Validate(resource));
                Assert.True(errors.Count == 0, $"{resource.TypeName} ({format}):\n{FhirValidation.Describe(errors)}");
            }
        }
    }

    private static async Task<Resource> ParseAsync(HttpResponseMessage response, string format)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal($"application/fhir+{format}", response.Content.Headers.ContentType?.MediaType);
        return format == "json" ? FhirValidation.ParseJson(text) : FhirValidation.ParseXml(text);
    }
}
