using ConsentFlow.Documents.Pdf;
using ConsentFlow.Fhir;
using ConsentFlow.Fhir.Mapping;
using ConsentFlow.Identity.Audit;
using ConsentFlow.Web.Security;
using Hl7.Fhir.Model;

namespace ConsentFlow.Web.Fhir;

/// <summary>
/// Read-only FHIR R4 endpoints (Firely SDK POCOs, JSON or XML). Every read of patient data needs the document-read
/// policy and is audited; the CapabilityStatement is public, questionnaires and the clinic carry no patient data.
/// </summary>
public static class FhirEndpoints
{
    private static readonly DateTime Published = DateTime.UtcNow;

    public static IServiceCollection AddConsentFlowFhir(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection(FhirOptions.Section).Get<FhirOptions>() ?? new FhirOptions());
        services.AddSingleton<FhirReader>();
        return services;
    }

    public static RouteGroupBuilder MapFhirEndpoints(this IEndpointRouteBuilder routes)
    {
        var root = routes.MapGroup("/fhir").WithTags("FHIR R4").NegotiatesFhirFormat();
        // Public by the FHIR specification; it carries no patient data.
        root.MapGet("/metadata", (HttpContext http) => FhirResults.Ok(CapabilityStatementResource.Create(Server(http), Published)))
            .AllowAnonymous().WithSummary("CapabilityStatement");

        var reference = root.MapGroup("").RequireAuthorization(Policies.ReadDocuments);
        var fhir = root.MapGroup("").RequireAuthorization(Policies.ReadDocuments).AuditsAccess(AccessKind.FhirRead).NamesCasesShown();

        fhir.MapGet("/Patient/{id}", async (string id, HttpContext http, FhirReader reader, CancellationToken ct) =>
            Found("Patient", id, await reader.PatientAsync(id, Server(http), ct))).WithSummary("Read a Patient");
        fhir.MapSearch(ResourceType.Patient, "Search patients by identifier (MRN system|value) or _id",
            async (_, cases, server, reader, ct) => await reader.PatientsAsync(cases, server, ct));

        fhir.MapGet("/Consent/{id}", async (string id, HttpContext http, FhirReader reader, CancellationToken ct) =>
            Found("Consent", id, Guid.TryParse(id, out var consentId) ? await reader.ConsentAsync(consentId, Server(http), ct) : null))
            .WithSummary("Read a Consent");
        fhir.MapGet("/Consent/{id}/_history", async (string id, HttpContext http, FhirReader reader, CancellationToken ct) =>
        {
            var versions = Guid.TryParse(id, out var consentId) ? await reader.ConsentHistoryAsync(consentId, Server(http), ct) : [];
            return versions.Count == 0 ? FhirResults.NotFound("Consent", id) : FhirResults.Ok(BundleMapping.History(versions, Server(http), Now(http)));
        }).WithSummary("Every version of a Consent, newest first");
        fhir.MapGet("/Consent/{id}/_history/{versionId}", async (string id, string versionId, HttpContext http, FhirReader reader, CancellationToken ct) =>
        {
            var versions = Guid.TryParse(id, out var consentId) ? await reader.ConsentHistoryAsync(consentId, Server(http), ct) : [];
            return Found("Consent", $"{id}/_history/{versionId}", versions.FirstOrDefault(v => v.Meta?.VersionId == versionId));
        }).WithSummary("One version of a Consent");
        fhir.MapSearch(ResourceType.Consent, "Search consents", async (_, cases, server, reader, ct) => await reader.ConsentsAsync(cases, server, ct));

        fhir.MapGet("/Provenance/{id}", async (string id, FhirReader reader, CancellationToken ct) =>
            Found("Provenance", id, await reader.ProvenanceAsync(id, ct))).WithSummary("Read the Provenance of one signature");
        fhir.MapSearch(ResourceType.Provenance, "The signatures of a consent (target=Consent/{id})", async (request, _, _, reader, ct) =>
        {
            // Signatures are searched by the consent they sign: without a target this would read every consent.
            var targets = request.Values("target").SelectMany(t => t.Split(','))
                .Select(t => Guid.TryParse(t[(t.LastIndexOf('/') + 1)..], out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).Distinct().ToList();
            var found = new List<Resource>();
            foreach (var consentId in targets) found.AddRange(await reader.ProvenancesAsync(null, consentId, ct));
            return found;
        });

        fhir.MapGet("/DocumentReference/{id}", async (string id, HttpContext http, FhirReader reader, CancellationToken ct) =>
            Found("DocumentReference", id, Guid.TryParse(id, out var documentId) ? await reader.DocumentReferenceAsync(documentId, Server(http), ct) : null))
            .WithSummary("Read a signed consent document's reference (attachment URL, size, SHA-1)");
        fhir.MapSearch(ResourceType.DocumentReference, "Search signed consent documents, every version",
            async (_, cases, server, reader, ct) => await reader.DocumentReferencesAsync(cases, server, ct));

        fhir.MapGet("/QuestionnaireResponse/{id}", async (string id, HttpContext http, FhirReader reader, CancellationToken ct) =>
            Found("QuestionnaireResponse", id, Guid.TryParse(id, out var taskId) ? await reader.ResponseAsync(taskId, Server(http), ct) : null))
            .WithSummary("Read one completed form");
        fhir.MapSearch(ResourceType.QuestionnaireResponse, "Search completed forms",
            async (_, cases, server, reader, ct) => await reader.ResponsesAsync(cases, server, ct));

        fhir.MapGet("/Bundle/{id}", async (string id, HttpContext http, FhirReader reader, CancellationToken ct) =>
            Found("Bundle", id, Guid.TryParse(id, out var caseId) ? await reader.CaseBundleAsync(caseId, Server(http), Now(http), ct) : null))
            .WithSummary("One case as a collection: patient, clinic, consents, signatures, documents, forms and their questionnaires");

        reference.MapGet("/Questionnaire/{id}", async (string id, HttpContext http, FhirReader reader, CancellationToken ct) =>
            Found("Questionnaire", id, (await reader.QuestionnairesAsync(id, Server(http), ct)).LastOrDefault()))
            .WithSummary("The newest published version of a form");
        reference.MapGet("/Questionnaire/{id}/_history", async (string id, HttpContext http, FhirReader reader, CancellationToken ct) =>
        {
            var versions = (await reader.QuestionnairesAsync(id, Server(http), ct)).Reverse().ToList<Resource>();
            return versions.Count == 0 ? FhirResults.NotFound("Questionnaire", id) : FhirResults.Ok(BundleMapping.History(versions, Server(http), Now(http)));
        }).WithSummary("Every published version of a form, newest first");
        reference.MapGet("/Questionnaire/{id}/_history/{versionId}", async (string id, string versionId, HttpContext http, FhirReader reader, CancellationToken ct) =>
            Found("Questionnaire", $"{id}/_history/{versionId}", (await reader.QuestionnairesAsync(id, Server(http), ct)).FirstOrDefault(q => q.Version == versionId)))
            .WithSummary("The form as published in one definition version");
        reference.MapSearch(ResourceType.Questionnaire, "Search forms by canonical url and version",
            async (_, _, server, reader, ct) => await reader.QuestionnairesAsync(null, server, ct));

        reference.MapGet("/Organization/{id}", (string id, HttpContext http) =>
            id == FhirServer.OrganizationId ? FhirResults.Ok(PatientMapping.Organization(Server(http), Published)) : FhirResults.NotFound("Organization", id))
            .WithSummary("The clinic");

        reference.MapGet("/{**path}", () => FhirResults.Error(StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotSupported,
            "This server does not serve that; the CapabilityStatement at /fhir/metadata lists what it does.")).ExcludeFromDescription();
        return root;
    }

    private static IResult Found(string type, string id, Resource? resource) =>
        resource is null ? FhirResults.NotFound(type, Printable(id)) : FhirResults.Ok(resource);

    /// <summary>The FHIR base the links and canonical URLs use: the configured public one, or this request's.</summary>
    internal static FhirServer Server(HttpContext http)
    {
        var services = http.RequestServices;
        var options = services.GetRequiredService<FhirOptions>();
        var request = http.Request;
        var baseUrl = options.PublicBaseUrl is { Length: > 0 } configured ? configured.TrimEnd('/') : $"{request.Scheme}://{request.Host}{request.PathBase}/fhir";
        var serverUrl = baseUrl.EndsWith("/fhir", StringComparison.Ordinal) ? baseUrl[..^"/fhir".Length] : $"{request.Scheme}://{request.Host}{request.PathBase}";
        return new FhirServer(baseUrl, serverUrl, services.GetRequiredService<ClinicDetails>().Name);
    }

    internal static DateTime Now(HttpContext http) => (http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow().UtcDateTime;

    /// <summary>Ids are ours (GUIDs, form names): anything else is not echoed back.</summary>
    private static string Printable(string id) => id.Length <= 100 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '/' or '_') ? id : "(that id)";
}
