using ConsentFlow.Fhir;
using ConsentFlow.Web.Api;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Primitives;

namespace ConsentFlow.Web.Fhir;

/// <summary>Reads what one search matched, before filtering and paging: the cases are the patient narrowing (null: every case).</summary>
public delegate Task<IEnumerable<Resource>> FhirSearchLoad(FhirSearchRequest request, IReadOnlyList<Guid>? cases, FhirServer server, FhirReader reader, CancellationToken ct);

/// <summary>
/// A FHIR search answered two ways with one implementation: GET [type]?params (what EHRs send) and
/// POST [type]/_search with the parameters in an application/x-www-form-urlencoded body, so a patient identifier (an
/// MRN: PHI) never has to travel in a URL, where proxies, logs and browser history keep it. Same policy, audit and
/// Bundle; a POST search's links carry the patients' opaque ids instead of the MRN it was given.
/// </summary>
public static class FhirSearchRoutes
{
    public static void MapSearch(this RouteGroupBuilder group, ResourceType type, string summary, FhirSearchLoad load)
    {
        group.MapGet($"/{type}", (HttpContext http, CancellationToken ct) => SearchAsync(http, type, http.Request.Query, viaPost: false, load, ct))
            .WithSummary(summary);
        group.MapPost($"/{type}/_search", async (HttpContext http, CancellationToken ct) =>
            {
                var (parameters, refusal) = await FormAsync(http, ct);
                return parameters is null ? refusal! : await SearchAsync(http, type, parameters, viaPost: true, load, ct);
            })
            // The content type is checked in the handler, not by routing (Accepts), so a wrong one gets an OperationOutcome saying what to send.
            .WithBodyLimit(BodyLimits.Small)
            .WithSummary(summary + " (POST [type]/_search: the same parameters in a form body, keeping PHI such as an MRN out of the URL)");
    }

    private const string FormContentType = "application/x-www-form-urlencoded";

    /// <summary>The body's parameters with the query string's (FHIR allows both on a POST search), or the OperationOutcome refusing the body.</summary>
    private static async Task<(IReadOnlyList<KeyValuePair<string, StringValues>>? Parameters, IResult? Refusal)> FormAsync(HttpContext http, CancellationToken ct)
    {
        var request = http.Request;
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals(FormContentType, StringComparison.OrdinalIgnoreCase))
            return (null, FhirResults.Error(StatusCodes.Status415UnsupportedMediaType, OperationOutcome.IssueType.NotSupported,
                $"A POST search takes its parameters as {FormContentType} (the Content-Type header); this server does not read that content type."));
        try
        {
            var form = await request.ReadFormAsync(ct);
            return (request.Query.Concat(form).GroupBy(p => p.Key, StringComparer.Ordinal)
                .Select(g => new KeyValuePair<string, StringValues>(g.Key, g.Aggregate(StringValues.Empty, (all, p) => StringValues.Concat(all, p.Value))))
                .ToList(), null);
        }
        catch (BadHttpRequestException tooLarge)
        {
            return (null, FhirResults.Error(tooLarge.StatusCode, OperationOutcome.IssueType.TooLong,
                $"The search body must be at most {BodyLimits.Describe(BodyLimits.Small)}."));
        }
        catch (InvalidDataException)
        {
            return (null, FhirResults.Invalid($"The search body could not be read as {FormContentType}."));
        }
    }

    private static async Task<IResult> SearchAsync(HttpContext http, ResourceType type, IEnumerable<KeyValuePair<string, StringValues>> parameters, bool viaPost,
        FhirSearchLoad load, CancellationToken ct)
    {
        var (request, error) = FhirSearch.Parse(FhirSearchParameters.For(type), parameters);
        if (request is null) return error!;
        var reader = http.RequestServices.GetRequiredService<FhirReader>();
        var server = FhirEndpoints.Server(http);
        var narrowing = await FhirSearch.NarrowAsync(request, reader, ct);
        var cases = narrowing?.CaseIds;
        var found = cases is { Count: 0 } ? [] : await load(request, cases, server, reader, ct);
        var matches = FhirSearch.Filter(request, found).ToList();
        var linked = viaPost ? FhirSearch.WithoutIdentifiers(request, narrowing) : request;
        return await FhirSearch.PageAsync(linked, matches, http.Request, server, page => IncludedAsync(request, page, reader, server, ct), FhirEndpoints.Now(http));
    }

    private static async Task<IReadOnlyList<Resource>> IncludedAsync(FhirSearchRequest request, IReadOnlyList<Resource> page, FhirReader reader, FhirServer server, CancellationToken ct)
    {
        var included = new List<Resource>();
        if (request.Includes.Any(i => i.EndsWith(":patient", StringComparison.Ordinal) || i.EndsWith(":subject", StringComparison.Ordinal)))
        {
            var patientIds = page.Select(r => r switch
            {
                Consent c => c.Patient?.Reference,
                DocumentReference d => d.Subject?.Reference,
                QuestionnaireResponse q => q.Subject?.Reference,
                _ => null,
            }).OfType<string>().Where(r => r.StartsWith("Patient/", StringComparison.Ordinal)).Select(r => r["Patient/".Length..]).Distinct().ToList();
            if (patientIds.Count > 0) included.AddRange(await reader.PatientsAsync(await reader.CaseIdsOfPatientsAsync(patientIds, ct), server, ct));
        }
        if (request.Includes.Contains("Consent:source-reference"))
            foreach (var source in page.OfType<Consent>().Select(c => (c.Source as ResourceReference)?.Reference).OfType<string>().Distinct())
                if (Guid.TryParse(source["DocumentReference/".Length..], out var documentId) && await reader.DocumentReferenceAsync(documentId, server, ct) is { } document)
                    included.Add(document);
        if (request.RevIncludes.Contains("Provenance:target"))
            foreach (var consent in page.OfType<Consent>())
                included.AddRange(await reader.ProvenancesAsync(null, Guid.Parse(consent.Id!), ct));
        return included;
    }
}
