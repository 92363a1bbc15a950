using ConsentFlow.Fhir;
using Hl7.Fhir.Model;

namespace ConsentFlow.Web.Fhir;

/// <summary>States exactly what this server answers, built from the same table the endpoints enforce.</summary>
internal static class CapabilityStatementResource
{
    public static CapabilityStatement Create(FhirServer server, DateTime publishedUtc) => new()
    {
        Id = "consentflow",
        Meta = FhirCodes.Meta("1", publishedUtc),
        Url = $"{server.BaseUrl}/metadata",
        Name = "ConsentFlowFhirServer",
        Title = "ConsentFlow read-only FHIR R4 server",
        Status = PublicationStatus.Active,
        Date = FhirCodes.Instant(publishedUtc),
        Publisher = server.OrganizationName,
        Kind = CapabilityStatementKind.Instance,
        Software = new CapabilityStatement.SoftwareComponent { Name = "ConsentFlow" },
        Implementation = new CapabilityStatement.ImplementationComponent { Description = "ConsentFlow read-only FHIR facade", Url = server.BaseUrl },
        FhirVersion = FHIRVersion.N4_0_1,
        Format = ["json", "xml", FhirFormat.JsonType, FhirFormat.XmlType],
        Rest =
        [
            new CapabilityStatement.RestComponent
            {
                Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                Documentation = "Read-only. Searches by GET or by POST [type]/_search with a form body. Errors are OperationOutcome; an unknown search parameter is refused with 400. "
                    + "Bundle/{id} is one case's resources as a collection. Consent versions come from the case journal.",
                Security = new CapabilityStatement.SecurityComponent
                {
                    Description = "Staff session, OpenID Connect bearer token or 'Authorization: ApiKey' with the read or documents scope; every read of patient data is audited.",
                },
                Resource = FhirSearchParameters.Resources.Select(Resource).ToList(),
            },
        ],
    };

    /// <summary>Both ways FHIR defines a search; POST is there so an MRN need not travel in a URL.</summary>
    private const string SearchDocumentation =
        "GET [base]/[type]?parameters, or POST [base]/[type]/_search with the same parameters in an application/x-www-form-urlencoded body "
        + "(use it for patient identifiers: an MRN is PHI and URLs are logged). A POST search's Bundle links name the patients by id, never by MRN.";

    private static CapabilityStatement.ResourceComponent Resource(ResourceSpec spec)
    {
        var searches = spec.Interactions.Contains(CapabilityStatement.TypeRestfulInteraction.SearchType);
        return new CapabilityStatement.ResourceComponent
        {
            Type = spec.Type.ToString(),
            Interaction = spec.Interactions.Select(i => new CapabilityStatement.ResourceInteractionComponent
            {
                Code = i,
                Documentation = i == CapabilityStatement.TypeRestfulInteraction.SearchType ? SearchDocumentation : null,
            }).ToList(),
            Versioning = spec.Versioned ? CapabilityStatement.ResourceVersionPolicy.Versioned : CapabilityStatement.ResourceVersionPolicy.NoVersion,
            ReadHistory = spec.Versioned,
            UpdateCreate = false,
            SearchInclude = spec.Includes.ToList(),
            SearchRevInclude = spec.RevIncludes.ToList(),
            SearchParam = searches
                ? spec.Search.Concat(FhirSearchParameters.Common)
                    .Select(p => new CapabilityStatement.SearchParamComponent { Name = p.Name, Type = p.Type, Documentation = p.Documentation }).ToList()
                : [],
        };
    }
}
