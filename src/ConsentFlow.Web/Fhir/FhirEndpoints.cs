using System.Text.Json.Nodes;
using ConsentFlow.Identity.Audit;
using ConsentFlow.Web.Api;
using ConsentFlow.Web.Security;

namespace ConsentFlow.Web.Fhir;

/// <summary>Read-only FHIR R4 endpoints. Patients are searched by opaque case id (<c>Patient/{caseId}</c>), never by MRN or name.</summary>
public static class FhirEndpoints
{
    private static readonly DateTime Published = DateTime.UtcNow;

    public static RouteGroupBuilder MapFhirEndpoints(this IEndpointRouteBuilder routes)
    {
        var fhir = routes.MapGroup("/fhir").WithTags("FHIR R4").RequireAuthorization(Policies.ReadDocuments).AuditsAccess(AccessKind.FhirRead);

        // Outside the group: the capability statement is public by the FHIR specification and carries no patient data.
        routes.MapGet("/fhir/metadata", (HttpRequest request) => Fhir(CapabilityStatementResource.Create(BaseUrl(request), Published)))
            .AllowAnonymous().WithTags("FHIR R4").WithSummary("CapabilityStatement");

        fhir.MapGet("/Consent/{id:guid}", async (Guid id, FhirStore store, CancellationToken ct) =>
            await store.ConsentAsync(id, ct) is { } consent ? Fhir(consent) : NotFound($"Consent/{id}"))
            .WithSummary("Read a Consent");

        fhir.MapGet("/Consent", async (string? patient, FhirStore store, HttpRequest request, CancellationToken ct) =>
            CaseId(patient) is { } caseId
                ? Fhir(FhirJson.Bundle(await store.ConsentsForCaseAsync(caseId, ct), BaseUrl(request)))
                : Invalid("Search Consent by patient=Patient/{caseId}."))
            .WithSummary("Consents of a patient case");

        fhir.MapGet("/QuestionnaireResponse/{id:guid}", async (Guid id, FhirStore store, CancellationToken ct) =>
            await store.QuestionnaireResponseAsync(id, ct) is { } response ? Fhir(response) : NotFound($"QuestionnaireResponse/{id}"))
            .WithSummary("Read one completed form");

        fhir.MapGet("/QuestionnaireResponse", async (string? subject, FhirStore store, HttpRequest request, CancellationToken ct) =>
            CaseId(subject) is { } caseId
                ? Fhir(FhirJson.Bundle(await store.QuestionnaireResponsesForCaseAsync(caseId, ct), BaseUrl(request)))
                : Invalid("Search QuestionnaireResponse by subject=Patient/{caseId}."))
            .WithSummary("Completed forms of a patient case");

        fhir.MapGet("/DocumentReference/{id:guid}", async (Guid id, FhirStore store, HttpRequest request, CancellationToken ct) =>
            await store.DocumentReferenceAsync(id, ServerUrl(request), ct) is { } document ? Fhir(document) : NotFound($"DocumentReference/{id}"))
            .WithSummary("Read a signed consent document's reference (attachment URL, size, SHA-1)");

        fhir.MapGet("/DocumentReference", async (string? patient, FhirStore store, HttpRequest request, CancellationToken ct) =>
            CaseId(patient) is { } caseId
                ? Fhir(FhirJson.Bundle(await store.DocumentReferencesForCaseAsync(caseId, ServerUrl(request), ct), BaseUrl(request)))
                : Invalid("Search DocumentReference by patient=Patient/{caseId}."))
            .WithSummary("Signed consent documents of a patient case, every version");

        return fhir;
    }

    private static Guid? CaseId(string? reference) =>
        Guid.TryParse(reference?.StartsWith("Patient/", StringComparison.Ordinal) == true ? reference["Patient/".Length..] : reference, out var id) ? id : null;

    private static string ServerUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    private static string BaseUrl(HttpRequest request) => ServerUrl(request) + "/fhir";

    private static IResult Fhir(JsonObject resource, int status = StatusCodes.Status200OK) =>
        Results.Text(resource.ToJsonString(), FhirJson.ContentType, statusCode: status);

    private static IResult NotFound(string what) => Fhir(FhirJson.OperationOutcome("not-found", $"{what} was not found."), StatusCodes.Status404NotFound);

    private static IResult Invalid(string message) => Fhir(FhirJson.OperationOutcome("invalid", message), StatusCodes.Status400BadRequest);
}
