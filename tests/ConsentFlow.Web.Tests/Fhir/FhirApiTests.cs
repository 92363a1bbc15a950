using System.Net;
using System.Text.Json.Nodes;
using ConsentFlow.Web.Tests.Support;

namespace ConsentFlow.Web.Tests.Fhir;

[Collection(AppCollection.Name)]
public sealed class FhirApiTests(RunningApp app)
{
    private Task<ApiClient> Nurse() => app.ClientAsync(CaseDriver.Nurse);

    [Fact]
    public async Task A_patient_is_found_by_mrn_and_its_consents_by_patient_identifier_status_and_date()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        await patientCase.SignConsentAsync();
        var nurse = await Nurse();

        var patients = await nurse.GetJsonAsync($"/fhir/Patient?identifier={FhirCases.MrnSystem}|{patientCase.Mrn}");
        Assert.Equal(1, patients["total"]!.GetValue<int>());
        var patient = FhirCases.Resources(patients).Single();
        Assert.Equal(patientCase.PatientId.ToString(), patient["id"]!.GetValue<string>());
        Assert.Equal(patientCase.Mrn, patient["identifier"]![0]!["value"]!.GetValue<string>());
        Assert.Equal("Testcase", patient["name"]![0]!["family"]!.GetValue<string>());
        Assert.Equal("female", patient["gender"]!.GetValue<string>());
        Assert.Equal(0, (await nurse.GetJsonAsync($"/fhir/Patient?identifier=urn:other:mrn|{patientCase.Mrn}"))["total"]!.GetValue<int>());

        var byMrn = $"/fhir/Consent?patient.identifier={FhirCases.MrnSystem}|{patientCase.Mrn}";
        Assert.Equal(1, (await nurse.GetJsonAsync(byMrn + "&status=active"))["total"]!.GetValue<int>());
        Assert.Equal(0, (await nurse.GetJsonAsync(byMrn + "&status=inactive,rejected"))["total"]!.GetValue<int>());
        Assert.Equal(1, (await nurse.GetJsonAsync(byMrn + $"&date=ge{DateTime.UtcNow.AddDays(-1):yyyy-MM-dd}"))["total"]!.GetValue<int>());
        Assert.Equal(0, (await nurse.GetJsonAsync(byMrn + "&date=lt2000-01-01"))["total"]!.GetValue<int>());

        var included = await nurse.GetJsonAsync($"/fhir/Consent?patient=Patient/{patientCase.PatientId}&_include=Consent:patient&_revinclude=Provenance:target");
        var entries = included["entry"]!.AsArray();
        Assert.Equal("match", entries.Single(e => e!["resource"]!["resourceType"]!.GetValue<string>() == "Consent")!["search"]!["mode"]!.GetValue<string>());
        Assert.Equal("include", entries.Single(e => e!["resource"]!["resourceType"]!.GetValue<string>() == "Patient")!["search"]!["mode"]!.GetValue<string>());
        Assert.Equal(3, entries.Count(e => e!["resource"]!["resourceType"]!.GetValue<string>() == "Provenance"));
    }

    [Fact]
    public async Task Search_results_come_in_pages_linked_by_next_and_previous()
    {
        var nurse = await Nurse();
        var first = await nurse.GetJsonAsync("/fhir/Questionnaire?_count=5");
        var total = first["total"]!.GetValue<int>();
        Assert.True(total > 10, $"Only {total} questionnaires");
        Assert.Equal(5, FhirCases.Resources(first).Count());
        Assert.Null(Link(first, "previous"));

        var seen = new List<string>();
        JsonNode? page = first;
        var pages = 0;
        while (page is not null)
        {
            seen.AddRange(FhirCases.Resources(page).Select(r => $"{r["id"]}|{r["version"]}"));
            pages++;
            var next = Link(page, "next");
            if (next is not null)
            {
                var following = await nurse.GetJsonAsync(new Uri(next).PathAndQuery);
                Assert.NotNull(Link(following, "previous"));
                page = following;
            }
            else page = null;
        }
        Assert.Equal(total, seen.Count);
        Assert.Equal(total, seen.Distinct().Count());
        Assert.Equal((total + 4) / 5, pages);
        Assert.Equal(0, FhirCases.Resources(await nurse.GetJsonAsync("/fhir/Questionnaire?_count=0")).Count());
    }

    [Theory]
    [InlineData("/fhir/Consent?unknown-parameter=1")]
    [InlineData("/fhir/Consent?status:not=active")]
    [InlineData("/fhir/Consent?_count=many")]
    [InlineData("/fhir/Consent?_count=1000")]
    [InlineData("/fhir/Consent?date=yesterday")]
    [InlineData("/fhir/Consent?date=9999-12-31T23:59:59-05:00")]
    [InlineData("/fhir/Consent?_include=Consent:actor")]
    [InlineData("/fhir/Patient?name=Testcase")]
    [InlineData("/fhir/DocumentReference?_sort=date")]
    public async Task Unsupported_search_parameters_are_refused_with_an_operation_outcome(string search)
    {
        using var response = await (await Nurse()).GetAsync(search);
        var outcome = await ApiClient.ReadAsync(response, 400);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("OperationOutcome", outcome["resourceType"]!.GetValue<string>());
        Assert.Equal("error", outcome["issue"]![0]!["severity"]!.GetValue<string>());
        Assert.Equal("invalid", outcome["issue"]![0]!["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/fhir/Consent?date=9999")]
    [InlineData("/fhir/Consent?date=ge9999-12")]
    [InlineData("/fhir/Consent?date=gt9999-12-31")]
    [InlineData("/fhir/QuestionnaireResponse?authored=9999-12-31")]
    [InlineData("/fhir/DocumentReference?date=le9999-12-31T23:59:59Z")]
    public async Task A_date_search_in_the_calendars_last_period_is_a_search_not_a_server_error(string search)
    {
        var bundle = await ApiClient.ReadAsync(await (await Nurse()).GetAsync(search), 200);
        Assert.Equal("Bundle", bundle["resourceType"]!.GetValue<string>());
        Assert.Equal("searchset", bundle["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Errors_are_operation_outcomes_in_the_format_asked_for()
    {
        var nurse = await Nurse();
        using var unknown = await nurse.GetAsync($"/fhir/Consent/{Guid.NewGuid()}?_format=xml");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/fhir+xml", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<OperationOutcome", await unknown.Content.ReadAsStringAsync());
        using var notServed = await nurse.GetAsync("/fhir/Observation/1");
        Assert.Equal("not-supported", (await ApiClient.ReadAsync(notServed, 404))["issue"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reads_without_the_right_to_them_are_refused_with_an_operation_outcome()
    {
        using var anonymous = await app.Anonymous().GetAsync($"/fhir/Consent/{Guid.NewGuid()}");
        Assert.Equal("login", (await ApiClient.ReadAsync(anonymous, 401))["issue"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("application/fhir+json", anonymous.Content.Headers.ContentType?.MediaType);
        using var scheduler = await (await app.ClientAsync(CaseDriver.Scheduler)).GetAsync($"/fhir/Patient?_count=1");
        Assert.Equal("forbidden", (await ApiClient.ReadAsync(scheduler, 403))["issue"]![0]!["code"]!.GetValue<string>());
        using var write = await (await Nurse()).PostAsync("/fhir/Consent", new JsonObject { ["resourceType"] = "Consent" });
        Assert.Equal("OperationOutcome", (await ApiClient.ReadAsync(write, 405))["resourceType"]!.GetValue<string>());
    }

    [Fact]
    public async Task Fhir_reads_of_patient_data_are_audited_with_the_person_and_never_the_mrn()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        var surgeon = await app.ClientAsync(CaseDriver.Surgeon);
        using (var read = await surgeon.GetAsync($"/fhir/Patient?identifier={FhirCases.MrnSystem}|{patientCase.Mrn}"))
            Assert.Equal(1, (await ApiClient.ReadAsync(read, 200))["total"]!.GetValue<int>());

        await app.Services.GetRequiredService<ConsentFlow.Identity.Audit.AccessAudit>().FlushAsync(CancellationToken.None);
        await using var scope = app.Services.CreateAsyncScope();
        var surgeonId = (await scope.ServiceProvider.GetRequiredService<ConsentFlow.Identity.Accounts.StaffAccounts>().FindByNameAsync(CaseDriver.Surgeon))!.Id;
        var audit = (JsonArray)await (await app.ClientAsync(CaseDriver.Administrator)).GetJsonAsync($"/api/v1/audit/access?actorId={surgeonId}");
        Assert.Contains(audit, e => e!["kind"]!.GetValue<string>() == "FhirRead" && e["subject"]?.GetValue<string>() == "/fhir/Patient");
        Assert.DoesNotContain(patientCase.Mrn, audit.ToJsonString());
    }

    [Fact]
    public async Task Json_or_xml_follows_format_then_accept_and_anything_else_is_not_acceptable()
    {
        var nurse = await Nurse();
        async Task<(HttpStatusCode, string?)> Get(string path, string? accept = null)
        {
            using var response = await nurse.SendAsync(HttpMethod.Get, path, null, accept is null ? [] : [("Accept", accept)]);
            return (response.StatusCode, response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal((HttpStatusCode.OK, "application/fhir+json"), await Get("/fhir/metadata"));
        Assert.Equal((HttpStatusCode.OK, "application/fhir+xml"), await Get("/fhir/metadata?_format=xml"));
        Assert.Equal((HttpStatusCode.OK, "application/fhir+xml"), await Get("/fhir/metadata", "application/fhir+xml"));
        Assert.Equal((HttpStatusCode.OK, "application/fhir+json"), await Get("/fhir/metadata?_format=json", "application/fhir+xml"));
        Assert.Equal((HttpStatusCode.OK, "application/fhir+json"), await Get("/fhir/metadata", "application/fhir+json, application/fhir+xml;q=0.5"));
        Assert.Equal(HttpStatusCode.NotAcceptable, (await Get("/fhir/metadata?_format=turtle")).Item1);
        Assert.Equal(HttpStatusCode.NotAcceptable, (await Get("/fhir/Questionnaire", "text/plain")).Item1);
    }

    [Fact]
    public async Task A_withdrawn_consent_is_inactive_from_the_withdrawal_on_and_its_document_stays_current()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        await patientCase.SignConsentAsync();
        var consentId = await FhirCases.ConsentIdAsync(patientCase);
        var nurse = await Nurse();
        var before = DateTime.UtcNow.AddSeconds(-1);
        using (var withdrawn = await nurse.PostAsync($"/api/v1/cases/{patientCase.InstanceId}/withdraw", new JsonObject()))
            await ApiClient.ReadAsync(withdrawn, 200);

        var consent = await nurse.GetJsonAsync($"/fhir/Consent/{consentId}");
        Assert.Equal("inactive", consent["status"]!.GetValue<string>());
        var period = consent["provision"]!["period"]!;
        var end = DateTime.Parse(period["end"]!.GetValue<string>()).ToUniversalTime();
        Assert.InRange(end, before, DateTime.UtcNow.AddSeconds(1));
        Assert.True(end < DateTime.Parse(period["start"]!.GetValue<string>()).ToUniversalTime().AddDays(29), "The period ends at the withdrawal, not at the expiry");
        Assert.Contains("consent withdrawn", consent["text"]!["div"]!.GetValue<string>());

        var document = await nurse.GetJsonAsync($"/fhir/{consent["sourceReference"]!["reference"]}");
        Assert.Equal("current", document["status"]!.GetValue<string>());
        Assert.Equal($"Consent/{consentId}", document["context"]!["related"]![0]!["reference"]!.GetValue<string>());
        Assert.Equal(1, (await nurse.GetJsonAsync($"/fhir/Consent?patient=Patient/{patientCase.PatientId}&status=inactive"))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_read_carries_its_version_as_etag_and_an_unchanged_consent_answers_not_modified()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        await patientCase.SignConsentAsync();
        var consentId = await FhirCases.ConsentIdAsync(patientCase);
        var nurse = await Nurse();
        var path = $"/fhir/Consent/{consentId}";

        using var first = await nurse.GetAsync(path);
        var consent = await ApiClient.ReadAsync(first, 200);
        var version = consent["meta"]!["versionId"]!.GetValue<string>();
        Assert.Equal($"W/\"{version}\"", first.Headers.ETag?.ToString());
        Assert.NotNull(consent["meta"]!["lastUpdated"]);
        Assert.NotNull(first.Content.Headers.LastModified);

        using (var unchanged = await nurse.SendAsync(HttpMethod.Get, path, null, ("If-None-Match", $"W/\"{version}\"")))
        {
            Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
            Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync());
        }

        using (var withdrawn = await nurse.PostAsync($"/api/v1/cases/{patientCase.InstanceId}/withdraw", new JsonObject()))
            await ApiClient.ReadAsync(withdrawn, 200);
        using var changed = await nurse.SendAsync(HttpMethod.Get, path, null, ("If-None-Match", $"W/\"{version}\""));
        var now = await ApiClient.ReadAsync(changed, 200);
        Assert.Equal((int.Parse(version) + 1).ToString(), now["meta"]!["versionId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Consent_history_has_one_version_per_journal_entry_newest_first()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        await patientCase.SignConsentAsync();
        var consentId = await FhirCases.ConsentIdAsync(patientCase);
        var nurse = await Nurse();

        // proposed, three signatures (patient, witness, surgeon), active
        var history = await nurse.GetJsonAsync($"/fhir/Consent/{consentId}/_history");
        Assert.Equal("history", history["type"]!.GetValue<string>());
        var versions = FhirCases.Resources(history).ToList();
        Assert.Equal(5, history["total"]!.GetValue<int>());
        Assert.Equal(["5", "4", "3", "2", "1"], versions.Select(v => v["meta"]!["versionId"]!.GetValue<string>()));
        Assert.Equal(["active", "proposed", "proposed", "proposed", "proposed"], versions.Select(v => v["status"]!.GetValue<string>()));
        Assert.Null(versions[^1]["performer"]);
        Assert.NotNull(versions[^2]["performer"]);
        Assert.Equal("POST", history["entry"]![4]!["request"]!["method"]!.GetValue<string>());

        var second = await nurse.GetJsonAsync($"/fhir/Consent/{consentId}/_history/2");
        Assert.Equal("2", second["meta"]!["versionId"]!.GetValue<string>());
        Assert.Equal($"Patient/{patientCase.PatientId}", second["performer"]![0]!["reference"]!.GetValue<string>());
        using var missing = await nurse.GetAsync($"/fhir/Consent/{consentId}/_history/99");
        await ApiClient.ReadAsync(missing, 404);
        Assert.Equal("5", (await nurse.GetJsonAsync($"/fhir/Consent/{consentId}"))["meta"]!["versionId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Each_signature_is_a_provenance_typed_by_what_the_signer_attests()
    {
        var patientCase = await FhirCases.RepresentativeWithInterpreterSignedAsync(app);
        var consentId = await FhirCases.ConsentIdAsync(patientCase);
        var nurse = await Nurse();

        var consent = await nurse.GetJsonAsync($"/fhir/Consent/{consentId}");
        Assert.Equal("#representative", consent["performer"]![0]!["reference"]!.GetValue<string>());
        var representative = consent["contained"]![0]!;
        Assert.Equal("RelatedPerson", representative["resourceType"]!.GetValue<string>());
        Assert.StartsWith("Daughter", representative["relationship"]![0]!["text"]!.GetValue<string>());
        Assert.True(consent["verification"]![0]!["verified"]!.GetValue<bool>());
        Assert.Equal("#representative", consent["verification"]![0]!["verifiedWith"]!["reference"]!.GetValue<string>());

        var bundle = await nurse.GetJsonAsync($"/fhir/Provenance?target=Consent/{consentId}");
        var provenances = FhirCases.Resources(bundle).ToList();
        Assert.Equal(4, provenances.Count);
        string Code(JsonNode p) => p["signature"]![0]!["type"]![0]!["code"]!.GetValue<string>();
        Assert.All(provenances, p => Assert.Equal("urn:iso-astm:E1762-95:2013", p["signature"]![0]!["type"]![0]!["system"]!.GetValue<string>()));
        Assert.Equal(["1.2.840.10065.1.12.1.7", "1.2.840.10065.1.12.1.8", "1.2.840.10065.1.12.1.12", "1.2.840.10065.1.12.1.5"], provenances.Select(Code));
        var lar = provenances[0];
        Assert.Equal($"Patient/{patientCase.PatientId}", lar["agent"]![0]!["onBehalfOf"]!["reference"]!.GetValue<string>());
        Assert.Equal("#representative", lar["agent"]![0]!["who"]!["reference"]!.GetValue<string>());
        Assert.Equal("Practitioner", provenances[3]["agent"]![0]!["who"]!["type"]!.GetValue<string>());
        Assert.All(provenances, p => Assert.Equal($"Consent/{consentId}", p["target"]![0]!["reference"]!.GetValue<string>()));

        var one = await nurse.GetJsonAsync($"/fhir/Provenance/{provenances[2]["id"]}");
        Assert.Equal("1.2.840.10065.1.12.1.12", Code(one));
    }

    [Fact]
    public async Task A_response_names_a_questionnaire_this_server_resolves_and_stop_bang_is_calculated()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        await patientCase.SubmitOkAsync("sedation-screening", CaseDriver.Nurse);
        var nurse = await Nurse();
        var responses = await nurse.GetJsonAsync($"/fhir/QuestionnaireResponse?patient=Patient/{patientCase.PatientId}&_include=QuestionnaireResponse:patient");
        var response = FhirCases.Resources(responses, "QuestionnaireResponse").Single();
        var canonical = response["questionnaire"]!.GetValue<string>().Split('|');

        var questionnaire = await nurse.GetJsonAsync(new Uri(canonical[0]).PathAndQuery);
        Assert.Equal(canonical[0], questionnaire["url"]!.GetValue<string>());
        var version = await nurse.GetJsonAsync($"{new Uri(canonical[0]).AbsolutePath}/_history/{canonical[1]}");
        Assert.Equal(canonical[1], version["version"]!.GetValue<string>());
        var search = await nurse.GetJsonAsync($"/fhir/Questionnaire?url={Uri.EscapeDataString(canonical[0])}&version={canonical[1]}");
        Assert.Equal(1, search["total"]!.GetValue<int>());

        var items = version["item"]!.AsArray();
        var stopBang = items.Single(i => i!["linkId"]!.GetValue<string>() == "stopBangScore")!;
        Assert.Equal("integer", stopBang["type"]!.GetValue<string>());
        Assert.True(stopBang["readOnly"]!.GetValue<bool>());
        var calculated = stopBang["extension"]!.AsArray().Single(e => e!["url"]!.GetValue<string>() == "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression")!;
        Assert.Equal("text/fhirpath", calculated["valueExpression"]!["language"]!.GetValue<string>());
        Assert.Contains("%resource.item.where(linkId = 'snoring').answer.value", calculated["valueExpression"]!["expression"]!.GetValue<string>());
        var bmi = items.Single(i => i!["linkId"]!.GetValue<string>() == "bmi")!;
        Assert.Equal("quantity", bmi["type"]!.GetValue<string>());
        Assert.Equal("kg/m2", bmi["extension"]![0]!["valueCoding"]!["code"]!.GetValue<string>());
        var asa = items.Single(i => i!["linkId"]!.GetValue<string>() == "asaClass")!;
        var answered = response["item"]!.AsArray().Single(i => i!["linkId"]!.GetValue<string>() == "asaClass")!["answer"]![0]!["valueCoding"]!;
        Assert.Contains(asa["answerOption"]!.AsArray(), o => o!["valueCoding"]!["system"]!.GetValue<string>() == answered["system"]!.GetValue<string>()
            && o["valueCoding"]!["code"]!.GetValue<string>() == answered["code"]!.GetValue<string>());
        Assert.Single(FhirCases.Resources(responses, "Patient"));
        var score = response["item"]!.AsArray().Single(i => i!["linkId"]!.GetValue<string>() == "stopBangScore")!;
        Assert.NotNull(score["answer"]![0]!["valueInteger"]);
    }

    [Fact]
    public async Task One_case_is_one_collection_bundle_with_everything_the_server_knows_of_it()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        await patientCase.SubmitOkAsync("imaging-review", CaseDriver.Nurse);
        await patientCase.SignConsentAsync();
        var bundle = await (await Nurse()).GetJsonAsync($"/fhir/Bundle/{patientCase.CaseId}");
        Assert.Equal("collection", bundle["type"]!.GetValue<string>());
        var types = FhirCases.Resources(bundle).GroupBy(r => r["resourceType"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(1, types["Patient"]);
        Assert.Equal(1, types["Organization"]);
        Assert.Equal(1, types["Consent"]);
        Assert.Equal(3, types["Provenance"]);
        Assert.Equal(1, types["DocumentReference"]);
        Assert.Equal(3, types["QuestionnaireResponse"]); // imaging, consent discussion, teach-back
        Assert.Equal(3, types["Questionnaire"]);
        Assert.All(bundle["entry"]!.AsArray(), e => Assert.StartsWith("http", e!["fullUrl"]!.GetValue<string>()));
    }

    private static string? Link(JsonNode bundle, string relation) =>
        (bundle["link"] as JsonArray ?? []).FirstOrDefault(l => l!["relation"]!.GetValue<string>() == relation)?["url"]?.GetValue<string>();
}
