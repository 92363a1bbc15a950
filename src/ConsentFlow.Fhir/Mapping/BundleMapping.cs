using Hl7.Fhir.Model;

namespace ConsentFlow.Fhir.Mapping;

/// <summary>One page of a search result, with the links a client follows to the others.</summary>
public sealed record SearchPage(IReadOnlyList<Resource> Matches, IReadOnlyList<Resource> Included, int Total, string SelfUrl,
    string? FirstUrl, string? PreviousUrl, string? NextUrl, string? LastUrl);

public static class BundleMapping
{
    public static Bundle Searchset(SearchPage page, FhirServer server, DateTime nowUtc)
    {
        var bundle = new Bundle
        {
            Id = Guid.NewGuid().ToString(),
            Meta = new Meta { LastUpdated = FhirCodes.Offset(nowUtc) },
            Type = Bundle.BundleType.Searchset,
            Total = page.Total,
        };
        void Link(string relation, string? url) { if (url is not null) bundle.Link.Add(new Bundle.LinkComponent { Relation = relation, Url = url }); }
        Link("self", page.SelfUrl);
        Link("first", page.FirstUrl);
        Link("previous", page.PreviousUrl);
        Link("next", page.NextUrl);
        Link("last", page.LastUrl);
        foreach (var resource in page.Matches)
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = server.FullUrl(resource), Resource = resource, Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match } });
        foreach (var resource in page.Included)
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = server.FullUrl(resource), Resource = resource, Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Include } });
        return bundle;
    }

    /// <summary>Everything of one case in one collection: patient, clinic, consents with their signatures, documents, forms and the questionnaires they answer.</summary>
    public static Bundle Case(Guid caseId, IEnumerable<Resource> resources, FhirServer server, DateTime nowUtc)
    {
        var list = resources.DistinctBy(r => (r.TypeName, r.Id, r.Meta?.VersionId)).ToList();
        var bundle = new Bundle
        {
            Id = caseId.ToString(),
            Meta = new Meta { LastUpdated = list.Select(r => r.Meta?.LastUpdated).Where(d => d is not null).DefaultIfEmpty(FhirCodes.Offset(nowUtc)).Max() },
            Identifier = FhirCodes.Urn(caseId),
            Type = Bundle.BundleType.Collection,
            Timestamp = FhirCodes.Offset(nowUtc),
        };
        // Two versions of one questionnaire share a fullUrl; bdl-7 allows it because their meta.versionId differs.
        foreach (var resource in list)
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = server.FullUrl(resource), Resource = resource });
        return bundle;
    }

    /// <summary>The versions of one resource, newest first, as a history Bundle.</summary>
    public static Bundle History(IReadOnlyList<Resource> versions, FhirServer server, DateTime nowUtc)
    {
        var bundle = new Bundle
        {
            Id = Guid.NewGuid().ToString(),
            Meta = new Meta { LastUpdated = FhirCodes.Offset(nowUtc) },
            Type = Bundle.BundleType.History,
            Total = versions.Count,
        };
        foreach (var version in versions)
        {
            var first = version.Meta?.VersionId == "1";
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = server.FullUrl(version),
                Resource = version,
                Request = new Bundle.RequestComponent
                {
                    Method = first ? Bundle.HTTPVerb.POST : Bundle.HTTPVerb.PUT,
                    Url = first ? version.TypeName : $"{version.TypeName}/{version.Id}",
                },
                Response = new Bundle.ResponseComponent
                {
                    Status = first ? "201 Created" : "200 OK",
                    Etag = $"W/\"{version.Meta?.VersionId}\"",
                    LastModified = version.Meta?.LastUpdated,
                },
            });
        }
        return bundle;
    }

    public static OperationOutcome Outcome(OperationOutcome.IssueType code, string diagnostics, OperationOutcome.IssueSeverity severity = OperationOutcome.IssueSeverity.Error) => new()
    {
        Id = Guid.NewGuid().ToString(),
        Text = Narratives.Of(diagnostics),
        Issue = [new OperationOutcome.IssueComponent { Severity = severity, Code = code, Diagnostics = diagnostics }],
    };
}
