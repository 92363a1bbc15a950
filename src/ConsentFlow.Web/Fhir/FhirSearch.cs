using System.Globalization;
using System.Text.RegularExpressions;
using ConsentFlow.Fhir;
using ConsentFlow.Fhir.Mapping;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Primitives;

namespace ConsentFlow.Web.Fhir;

/// <summary>A search as asked: the parameters (already checked against the resource's spec), the page and the includes.</summary>
public sealed record FhirSearchRequest(ResourceSpec Spec, IReadOnlyList<KeyValuePair<string, string>> Parameters, int Count, int Offset,
    IReadOnlyList<string> Includes, IReadOnlyList<string> RevIncludes)
{
    public IEnumerable<string> Values(string name) => Parameters.Where(p => p.Key == name).Select(p => p.Value);

    public bool Has(string name) => Parameters.Any(p => p.Key == name);
}

/// <summary>
/// Runs a FHIR search: refuses parameters the resource does not support (400 OperationOutcome), narrows by patient in
/// the database, filters by status and dates, pages with self/first/previous/next/last links and adds the includes.
/// </summary>
public static partial class FhirSearch
{
    private static readonly HashSet<string> Always = ["_format"];

    /// <summary>
    /// Parameters whose value is a patient identifier (an MRN: PHI). A POST search keeps them out of every URL it
    /// answers with; their value is never echoed in an error either.
    /// </summary>
    public static readonly IReadOnlySet<string> Identifiers = new HashSet<string> { "identifier", "patient.identifier", "subject.identifier" };

    /// <summary>The parameters of a GET query string, or of a POST search's form body (with its query string): the same search.</summary>
    public static (FhirSearchRequest? Request, IResult? Error) Parse(ResourceSpec spec, IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        var includes = new List<string>();
        var revIncludes = new List<string>();
        int count = FhirSearchParameters.DefaultCount, offset = 0;
        foreach (var (name, values) in query)
        {
            if (Always.Contains(name)) continue;
            switch (name)
            {
                case "_count" when values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c <= FhirSearchParameters.MaxCount:
                    count = c;
                    continue;
                case "_count":
                    return (null, FhirResults.Invalid($"_count must be one whole number from 0 to {FhirSearchParameters.MaxCount}."));
                case "_offset" when values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var o):
                    offset = o;
                    continue;
                case "_offset":
                    return (null, FhirResults.Invalid("_offset must be one whole number, 0 or more."));
                case "_include" or "_revinclude":
                    var allowed = name == "_include" ? spec.Includes : spec.RevIncludes;
                    foreach (var value in Split(values))
                    {
                        if (!allowed.Contains(value))
                            return (null, FhirResults.Invalid($"{name} supports only {(allowed.Count == 0 ? "nothing" : string.Join(", ", allowed))} on {spec.Type}."));
                        (name == "_include" ? includes : revIncludes).Add(value);
                    }
                    continue;
            }
            if (!spec.Accepts(name))
                return (null, FhirResults.Invalid($"Unknown or unsupported search parameter '{Printable(name)}' for {spec.Type}; the CapabilityStatement lists those supported."));
            foreach (var value in values.OfType<string>())
            {
                if (value.Length == 0) return (null, FhirResults.Invalid($"Search parameter '{name}' needs a value."));
                var parameter = spec.Search.First(p => p.Name == name);
                if (parameter.Type == SearchParamType.Date && value.Split(',').Any(v => !DateFilter.TryParse(v, out _)))
                    return (null, FhirResults.Invalid($"Search parameter '{name}' must be a FHIR date or dateTime, optionally prefixed by eq, ne, gt, ge, lt or le."));
                if (Identifiers.Contains(name) && !value.Split(',').All(WellFormedIdentifier))
                    return (null, FhirResults.Invalid($"Search parameter '{name}' must be an MRN as system|value or value (value 1 to {MaxMrn} characters, system up to {MaxSystem}, "
                        + "no control characters; commas for any of several); the value given is not repeated here."));
                parameters.Add(new(name, value));
            }
        }
        return (new FhirSearchRequest(spec, parameters, count, offset, includes, revIncludes), null);
    }

    private const int MaxMrn = 64, MaxSystem = 200;

    /// <summary>A token as the identifier parameters take it: [system|]value, the same bounds a booked MRN has.</summary>
    private static bool WellFormedIdentifier(string token)
    {
        var bar = token.IndexOf('|');
        var (system, value) = bar < 0 ? ("", token) : (token[..bar], token[(bar + 1)..]);
        return value.Length is > 0 and <= MaxMrn && system.Length <= MaxSystem && !value.Contains('|')
            && !token.Any(char.IsControl) && value.Trim().Length == value.Length;
    }

    /// <summary>The patients a search narrowed to (by reference, _id or MRN) and their cases.</summary>
    public sealed record PatientNarrowing(IReadOnlyCollection<string> PatientIds, IReadOnlyList<Guid> CaseIds);

    /// <summary>The patients and cases the patient parameters point at; null when the search names no patient.</summary>
    public static async Task<PatientNarrowing?> NarrowAsync(FhirSearchRequest request, FhirReader reader, CancellationToken cancellationToken)
    {
        HashSet<string>? patients = null;
        void Narrow(IEnumerable<string> ids) { if (patients is null) patients = [.. ids]; else patients.IntersectWith(ids); }
        foreach (var name in new[] { "patient", "subject", "_id" })
            foreach (var value in request.Values(name))
                Narrow(value.Split(',').Select(v => PatientId(v, name == "_id")).OfType<string>());
        foreach (var name in new[] { "patient.identifier", "subject.identifier", "identifier" })
            foreach (var value in request.Values(name))
            {
                var ids = new List<string>();
                foreach (var token in value.Split(','))
                {
                    var bar = token.IndexOf('|');
                    var (system, mrn) = bar < 0 ? (null, token) : (token[..bar] is { Length: > 0 } s ? s : null, token[(bar + 1)..]);
                    ids.AddRange(await reader.PatientIdsByMrnAsync(system, mrn, cancellationToken));
                }
                Narrow(ids);
            }
        return patients is null ? null : new PatientNarrowing(patients, await reader.CaseIdsOfPatientsAsync(patients, cancellationToken));
    }

    /// <summary>
    /// The search as its links state it when its identifiers must stay out of URLs (a POST search): every patient
    /// parameter is replaced by the opaque ids of the patients they resolved to, which is the search the server ran, so
    /// following a link (a GET) returns the same pages. When they resolved to no one, the nil id stands in: it matches no one.
    /// </summary>
    public static FhirSearchRequest WithoutIdentifiers(FhirSearchRequest request, PatientNarrowing? narrowing)
    {
        if (!request.Parameters.Any(p => Identifiers.Contains(p.Key))) return request;
        var patientParameters = new HashSet<string>(Identifiers) { "patient", "subject", "_id" };
        var ids = narrowing is { PatientIds.Count: > 0 } ? narrowing.PatientIds.Order(StringComparer.Ordinal).ToList() : [Guid.Empty.ToString()];
        var byId = request.Spec.Type == ResourceType.Patient
            ? new KeyValuePair<string, string>("_id", string.Join(',', ids))
            : new KeyValuePair<string, string>("patient", string.Join(',', ids.Select(id => "Patient/" + id)));
        return request with { Parameters = [byId, .. request.Parameters.Where(p => !patientParameters.Contains(p.Key))] };
    }

    /// <summary>Patient/{id}, an absolute URL ending in it, or a bare id.</summary>
    private static string? PatientId(string reference, bool bareIdOnly)
    {
        if (bareIdOnly) return reference;
        var marker = reference.LastIndexOf("Patient/", StringComparison.Ordinal);
        if (marker >= 0) return reference[(marker + "Patient/".Length)..];
        return reference.Contains('/') ? null : reference;
    }

    public static IEnumerable<Resource> Filter(FhirSearchRequest request, IEnumerable<Resource> resources) =>
        resources.Where(resource => request.Parameters.All(p => Matches(resource, p.Key, p.Value)));

    private static bool Matches(Resource resource, string name, string value) => (resource, name) switch
    {
        (_, "status") => value.Split(',').Contains(Status(resource)),
        (Consent c, "date") => DateFilter.Matches(value, c.DateTime),
        (DocumentReference d, "date") => DateFilter.Matches(value, d.Date?.ToString("o", CultureInfo.InvariantCulture)),
        (QuestionnaireResponse q, "authored") => DateFilter.Matches(value, q.Authored),
        (QuestionnaireResponse q, "questionnaire") => value.Split(',').Any(v => q.Questionnaire == v || q.Questionnaire?.StartsWith(v + "|", StringComparison.Ordinal) == true),
        (Questionnaire q, "url") => value.Split(',').Contains(q.Url),
        (Questionnaire q, "version") => value.Split(',').Contains(q.Version),
        (Provenance p, "target") => value.Split(',').Any(v => p.Target.Any(t => t.Reference == v || v.EndsWith("/" + t.Reference, StringComparison.Ordinal))),
        _ => true, // patient, subject, identifier and _id narrowed the read already
    };

    private static string? Status(Resource resource) => resource switch
    {
        Consent c => Literal(c.Status),
        DocumentReference d => Literal(d.Status),
        QuestionnaireResponse q => Literal(q.Status),
        Questionnaire q => Literal(q.Status),
        _ => null,
    };

    private static string? Literal(Enum? code) => code is null ? null : Hl7.Fhir.Utility.EnumUtility.GetLiteral(code);

    public static async Task<IResult> PageAsync(FhirSearchRequest request, IReadOnlyList<Resource> matches, HttpRequest http, FhirServer server,
        Func<IReadOnlyList<Resource>, Task<IReadOnlyList<Resource>>> included, DateTime nowUtc)
    {
        var total = matches.Count;
        var page = matches.Skip(request.Offset).Take(request.Count).ToList();
        string Url(int offset)
        {
            var pairs = request.Parameters.Concat(request.Includes.Select(i => new KeyValuePair<string, string>("_include", i)))
                .Concat(request.RevIncludes.Select(i => new KeyValuePair<string, string>("_revinclude", i)))
                .Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))
                .Append(new("_count", request.Count.ToString(CultureInfo.InvariantCulture)))
                .Append(new("_offset", offset.ToString(CultureInfo.InvariantCulture)));
            if (http.Query["_format"] is { Count: > 0 } format) pairs = pairs.Append(new("_format", format.ToString()));
            return $"{server.BaseUrl}/{request.Spec.Type}{QueryString.Create(pairs)}";
        }
        var count = Math.Max(request.Count, 1);
        var last = total == 0 ? 0 : (total - 1) / count * count;
        var searchPage = new SearchPage(page, await included(page), total,
            SelfUrl: Url(request.Offset),
            FirstUrl: request.Count == 0 ? null : Url(0),
            PreviousUrl: request.Count > 0 && request.Offset > 0 ? Url(Math.Max(0, request.Offset - request.Count)) : null,
            NextUrl: request.Count > 0 && request.Offset + request.Count < total ? Url(request.Offset + request.Count) : null,
            LastUrl: request.Count == 0 ? null : Url(last));
        return FhirResults.Ok(BundleMapping.Searchset(searchPage, server, nowUtc));
    }

    private static IEnumerable<string> Split(StringValues values) => values.OfType<string>().SelectMany(v => v.Split(',')).Select(v => v.Trim()).Where(v => v.Length > 0);

    /// <summary>A parameter name is echoed only when it is a plain name (never a value, which could be PHI).</summary>
    private static string Printable(string name) => PlainName().IsMatch(name) ? name : "(unprintable)";

    [GeneratedRegex(@"^[A-Za-z0-9_.:\-]{1,64}$")]
    private static partial Regex PlainName();
}

/// <summary>FHIR date search: a prefix and a value whose precision sets the range it covers.</summary>
public static partial class DateFilter
{
    public sealed record Range(string Prefix, DateTimeOffset Low, DateTimeOffset High);

    public static bool TryParse(string text, out Range range)
    {
        range = null!;
        var prefix = "eq";
        var value = text.Trim().Replace(' ', '+'); // a '+' of an offset arrives as a space when not escaped
        if (value.Length > 2 && char.IsLetter(value[0]))
        {
            prefix = value[..2];
            value = value[2..];
            if (prefix is not ("eq" or "ne" or "gt" or "ge" or "lt" or "le")) return false;
        }
        var styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (Year().IsMatch(value) && DateTime.TryParseExact(value, "yyyy", CultureInfo.InvariantCulture, styles, out var year))
            range = new(prefix, new(year, TimeSpan.Zero), year.Year == DateTime.MaxValue.Year ? DateTimeOffset.MaxValue : new DateTimeOffset(year, TimeSpan.Zero).AddYears(1));
        else if (Month().IsMatch(value) && DateTime.TryParseExact(value, "yyyy-MM", CultureInfo.InvariantCulture, styles, out var month))
            range = new(prefix, new(month, TimeSpan.Zero), month.Year == DateTime.MaxValue.Year && month.Month == 12 ? DateTimeOffset.MaxValue : new DateTimeOffset(month, TimeSpan.Zero).AddMonths(1));
        else if (Day().IsMatch(value) && DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, styles, out var day))
            range = new(prefix, new(day, TimeSpan.Zero), day.Date == DateTime.MaxValue.Date ? DateTimeOffset.MaxValue : new DateTimeOffset(day, TimeSpan.Zero).AddDays(1));
        else if (value.Contains('T') && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            range = new(prefix, instant, LastSecond(instant) ? DateTimeOffset.MaxValue : instant.AddSeconds(1));
        return range is not null;
    }

    /// <summary>
    /// The calendar's last period (9999, 9999-12, 9999-12-31, its last second) ends at <see cref="DateTimeOffset.MaxValue"/>:
    /// the next one is not representable, and a search for it is still a valid search, never a 500.
    /// </summary>
    private static bool LastSecond(DateTimeOffset instant)
    {
        var last = DateTime.MaxValue.AddSeconds(-1);
        return instant.UtcDateTime > last || instant.DateTime > last;
    }

    public static bool Matches(string filter, string? value)
    {
        if (value is null || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return false;
        return filter.Split(',').Any(f => TryParse(f, out var range) && range.Prefix switch
        {
            "eq" => at >= range.Low && at < range.High,
            "ne" => at < range.Low || at >= range.High,
            "gt" => at >= range.High,
            "ge" => at >= range.Low,
            "lt" => at < range.Low,
            "le" => at < range.High,
            _ => false,
        });
    }

    [GeneratedRegex(@"^\d{4}$")] private static partial Regex Year();
    [GeneratedRegex(@"^\d{4}-\d{2}$")] private static partial Regex Month();
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")] private static partial Regex Day();
}
