using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ConsentFlow.Documents.Sealing;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Application.Documents;
using ConsentFlow.Web.Tests.Support;
using UglyToad.PdfPig;

namespace ConsentFlow.Web.Tests.Api;

[Collection(AppCollection.Name)]
public sealed class SignedDocumentTests(RunningApp app)
{
    [Fact]
    public async Task After_the_last_signature_the_case_has_a_current_consent_document_that_verifies_and_names_the_patient_and_level()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        var lastSignature = await patientCase.SignConsentAsync();

        // Produced in the same request as the last signature.
        Assert.False(lastSignature["documentPending"]!.GetValue<bool>());
        Assert.Equal(1, lastSignature["document"]!["version"]!.GetValue<int>());
        var consentId = lastSignature["activatedConsentId"]!.GetValue<string>();

        var documents = (JsonArray)await (await patientCase.As(CaseDriver.Nurse)).GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}/documents");
        var document = Assert.Single(documents)!;
        Assert.Equal("current", document["status"]!.GetValue<string>());
        Assert.Equal(consentId, document["consentId"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{64}$", document["sha256"]!.GetValue<string>());

        var pdf = await DownloadAsync(patientCase, document["url"]!.GetValue<string>());
        Assert.Equal(document["size"]!.GetValue<long>(), pdf.LongLength);
        Assert.Equal(document["sha256"]!.GetValue<string>(), Convert.ToHexStringLower(SHA256.HashData(pdf)));

        var check = await DocumentVerification.CheckAsync(pdf, app.Services.GetRequiredService<ClinicCertificate>(),
            app.Services.GetRequiredService<DocumentArchive>(), CancellationToken.None);
        Assert.True(check.Valid, check.Reason);
        Assert.Equal(document["id"]!.GetValue<string>(), check.Stored!.Id.ToString());

        var text = PdfText(pdf);
        Assert.Contains("Riley Testcase", text);
        Assert.Contains("L4-L5", text);
    }

    [Fact]
    public async Task The_pdf_download_is_an_attachment_whose_file_name_does_not_name_the_patient()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        var document = (await patientCase.SignConsentAsync())["document"]!;

        using var response = await (await patientCase.As(CaseDriver.Nurse)).GetAsync(document["url"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal($"consent-{Guid.Parse(document["id"]!.GetValue<string>()):N}.pdf", disposition.FileName?.Trim('"'));
        Assert.DoesNotContain("Testcase", response.Content.Headers.ContentDisposition!.ToString());
        Assert.DoesNotContain(patientCase.Mrn, document["url"]!.GetValue<string>());

        using var missing = await (await patientCase.As(CaseDriver.Nurse)).GetAsync($"/api/v1/documents/{Guid.NewGuid()}/pdf");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Regenerating_makes_version_2_superseding_version_1_and_both_stay_downloadable()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        var first = (await patientCase.SignConsentAsync())["document"]!;

        using var byPatient = await (await patientCase.As(CaseDriver.Patient)).PostAsync($"/api/v1/cases/{patientCase.InstanceId}/documents", null);
        Assert.Equal(HttpStatusCode.Forbidden, byPatient.StatusCode);

        using var regenerated = await (await patientCase.As(CaseDriver.Nurse)).PostAsync($"/api/v1/cases/{patientCase.InstanceId}/documents", null);
        var second = await ApiClient.ReadAsync(regenerated, 201);
        Assert.Equal(2, second["version"]!.GetValue<int>());
        Assert.Equal(first["id"]!.GetValue<string>(), second["supersedesId"]!.GetValue<string>());
        Assert.Equal(second["url"]!.GetValue<string>(), regenerated.Headers.Location?.OriginalString);

        var documents = (JsonArray)await (await patientCase.As(CaseDriver.Nurse)).GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}/documents");
        Assert.Equal([(2, "current"), (1, "superseded")],
            documents.Select(d => (d!["version"]!.GetValue<int>(), d["status"]!.GetValue<string>())));

        var archive = app.Services.GetRequiredService<DocumentArchive>();
        var certificate = app.Services.GetRequiredService<ClinicCertificate>();
        foreach (var document in documents)
        {
            var pdf = await DownloadAsync(patientCase, document!["url"]!.GetValue<string>());
            var check = await DocumentVerification.CheckAsync(pdf, certificate, archive, CancellationToken.None);
            Assert.True(check.Valid, check.Reason);
            Assert.Equal(document["status"]!.GetValue<string>(), check.Stored!.Status.ToLowerInvariant());
        }
    }

    [Fact]
    public async Task An_uploaded_pdf_verifies_when_sealed_and_stored_and_fails_once_a_byte_changes()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        var document = (await patientCase.SignConsentAsync())["document"]!;
        var pdf = await DownloadAsync(patientCase, document["url"]!.GetValue<string>());
        var nurse = await patientCase.As(CaseDriver.Nurse);

        using var genuine = await nurse.PostBytesAsync("/api/v1/documents/verify", pdf, "application/pdf");
        var ok = await ApiClient.ReadAsync(genuine, 200);
        Assert.True(ok["valid"]!.GetValue<bool>(), ok["reason"]!.GetValue<string>());
        Assert.True(ok["sealValid"]!.GetValue<bool>());
        Assert.True(ok["storedMatch"]!.GetValue<bool>());
        Assert.Equal(document["id"]!.GetValue<string>(), ok["document"]!["id"]!.GetValue<string>());
        Assert.Equal("B-B", ok["seal"]!["padesLevel"]!.GetValue<string>());
        Assert.Equal(1, ok["seal"]!["docMdpPermissions"]!.GetValue<int>());
        Assert.Null(ok["seal"]!["timestamp"]);
        Assert.Null(ok["seal"]!["chain"]); // no trust store configured

        using var form = new MultipartFormDataContent { { new ByteArrayContent(pdf), "file", "upload.pdf" } };
        using var uploaded = await nurse.PostContentAsync("/api/v1/documents/verify", form);
        Assert.True((await ApiClient.ReadAsync(uploaded, 200))["storedMatch"]!.GetValue<bool>());

        var tampered = (byte[])pdf.Clone();
        var at = Array.IndexOf(tampered, (byte)'L', tampered.Length / 3);
        tampered[at] = (byte)'M';
        using var changed = await nurse.PostBytesAsync("/api/v1/documents/verify", tampered, "application/pdf");
        var bad = await ApiClient.ReadAsync(changed, 200);
        Assert.False(bad["valid"]!.GetValue<bool>());
        Assert.False(bad["storedMatch"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_fhir_document_reference_has_hash_size_and_replaces_the_superseded_version()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        var signed = await patientCase.SignConsentAsync();
        var consentId = signed["activatedConsentId"]!.GetValue<string>();
        var first = signed["document"]!["id"]!.GetValue<string>();
        using (var regenerated = await (await patientCase.As(CaseDriver.Surgeon)).PostAsync($"/api/v1/cases/{patientCase.InstanceId}/documents", null))
            await ApiClient.ReadAsync(regenerated, 201);

        var bundle = await (await patientCase.As(CaseDriver.Nurse)).GetJsonAsync($"/fhir/DocumentReference?patient=Patient/{patientCase.PatientId}");
        var references = bundle["entry"]!.AsArray().Select(e => e!["resource"]!).ToList();
        Assert.Equal(2, references.Count);
        var current = references.Single(r => r["status"]!.GetValue<string>() == "current");
        var superseded = references.Single(r => r["status"]!.GetValue<string>() == "superseded");
        Assert.Equal(first, superseded["id"]!.GetValue<string>());

        using var read = await (await patientCase.As(CaseDriver.Nurse)).GetAsync($"/fhir/DocumentReference/{current["id"]}");
        Assert.Equal("application/fhir+json", read.Content.Headers.ContentType?.MediaType);
        var reference = await ApiClient.ReadAsync(read, 200);
        Assert.Equal("DocumentReference", reference["resourceType"]!.GetValue<string>());
        Assert.Equal("final", reference["docStatus"]!.GetValue<string>());
        Assert.Equal("59284-0", reference["type"]!["coding"]![0]!["code"]!.GetValue<string>());
        Assert.Equal($"Patient/{patientCase.PatientId}", reference["subject"]!["reference"]!.GetValue<string>());
        Assert.Equal("replaces", reference["relatesTo"]![0]!["code"]!.GetValue<string>());
        Assert.Equal($"DocumentReference/{first}", reference["relatesTo"]![0]!["target"]!["reference"]!.GetValue<string>());
        Assert.Equal($"Consent/{consentId}", reference["context"]!["related"]![0]!["reference"]!.GetValue<string>());
        Assert.Null(superseded["relatesTo"]);

        var attachment = reference["content"]![0]!["attachment"]!;
        Assert.Equal("application/pdf", attachment["contentType"]!.GetValue<string>());
        var pdf = await DownloadAsync(patientCase, new Uri(attachment["url"]!.GetValue<string>()).AbsolutePath);
        Assert.Equal(pdf.LongLength, attachment["size"]!.GetValue<long>());
        Assert.Equal(Convert.ToBase64String(SHA1.HashData(pdf)), attachment["hash"]!.GetValue<string>());

        using var unknown = await (await patientCase.As(CaseDriver.Nurse)).GetAsync($"/fhir/DocumentReference/{Guid.NewGuid()}");
        Assert.Equal("OperationOutcome", (await ApiClient.ReadAsync(unknown, 404))["resourceType"]!.GetValue<string>());
    }

    private static async Task<byte[]> DownloadAsync(CaseDriver patientCase, string url)
    {
        using var response = await (await patientCase.As(CaseDriver.Nurse)).GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join(' ', document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }
}
