using System.Net;
using ConsentFlow.Web.Tests.Support;
using UglyToad.PdfPig;

namespace ConsentFlow.Web.Tests.Api;

/// <summary>The page the QR code of a printed consent opens: anyone may use it, and it shows no patient information.</summary>
[Collection(AppCollection.Name)]
public sealed class PublicVerificationTests(RunningApp app)
{
    [Fact]
    public async Task Anyone_with_the_paper_learns_that_the_document_exists_its_version_and_that_it_is_current_and_nothing_about_the_patient()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        var document = (await patientCase.SignConsentAsync())["document"]!;
        var id = document["id"]!.GetValue<string>();

        var pdf = await DownloadAsync(patientCase, document["url"]!.GetValue<string>());
        using (var read = PdfDocument.Open(pdf))
            Assert.Equal($"{RunningApp.PublicBaseUrl}/verify/{id}", read.Information.Subject); // what the QR code carries

        var (status, html) = await AnonymousGetAsync($"/verify/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("This document exists in the clinic's records. Version 1: current", html);
        Assert.Contains("Versión 1: vigente", html);
        Assert.DoesNotContain("Testcase", html);
        Assert.DoesNotContain(patientCase.Mrn, html);
        Assert.DoesNotContain(patientCase.InstanceId.ToString(), html);
    }

    [Fact]
    public async Task A_regenerated_document_reports_its_first_version_as_superseded()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        var first = (await patientCase.SignConsentAsync())["document"]!["id"]!.GetValue<string>();
        using var regenerated = await (await patientCase.As(CaseDriver.Nurse)).PostAsync($"/api/v1/cases/{patientCase.InstanceId}/documents", null);
        var second = (await ApiClient.ReadAsync(regenerated, 201))["id"]!.GetValue<string>();

        var (_, old) = await AnonymousGetAsync($"/verify/{first}");
        var (_, latest) = await AnonymousGetAsync($"/verify/{second}");
        Assert.Contains("Version 1: superseded", old);
        Assert.Contains("Version 2: current", latest);
    }

    [Fact]
    public async Task Unknown_or_malformed_numbers_are_answered_without_echoing_them()
    {
        var (missing, missingHtml) = await AnonymousGetAsync($"/verify/{Guid.NewGuid()}");
        var (malformed, malformedHtml) = await AnonymousGetAsync("/verify/not-a-number-x1y2");

        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Contains("No document with this number exists", missingHtml);
        Assert.Equal(HttpStatusCode.BadRequest, malformed);
        Assert.DoesNotContain("x1y2", malformedHtml);
    }

    private async Task<(HttpStatusCode Status, string Html)> AnonymousGetAsync(string path)
    {
        using var response = await app.Anonymous().GetAsync(path);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    private static async Task<byte[]> DownloadAsync(CaseDriver patientCase, string url)
    {
        using var response = await (await patientCase.As(CaseDriver.Nurse)).GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
