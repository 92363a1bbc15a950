using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace ConsentFlow.Web.Tests.Fhir;

/// <summary>
/// The Firely validator against the core R4 specification shipped in Hl7.Fhir.Specification.Data.R4 (offline), with
/// local terminology. Built once: loading the specification takes seconds.
/// </summary>
public static class FhirValidation
{
    private static readonly Lazy<(Validator Validator, IAsyncResourceResolver Resolver)> Shared = new(() =>
    {
        var resolver = new CachedResolver(ZipSource.CreateValidationSource());
        return (new Validator(resolver, new LocalTerminologyService(resolver)), resolver);
    });

    private static readonly object Gate = new();

    public static Resource ParseJson(string json) => new FhirJsonDeserializer().Deserialize<Resource>(json);

    public static Resource ParseXml(string xml) => new FhirXmlDeserializer().Deserialize<Resource>(xml);

    /// <summary>The validator is not documented as thread-safe; tests in parallel take turns.</summary>
    public static OperationOutcome Validate(Resource resource)
    {
        lock (Gate) return Shared.Value.Validator.Validate(resource);
    }

    public static IReadOnlyList<OperationOutcome.IssueComponent> Errors(OperationOutcome outcome) =>
        outcome.Issue.Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal).ToList();

    public static IReadOnlyList<OperationOutcome.IssueComponent> Warnings(OperationOutcome outcome) =>
        outcome.Issue.Where(i => i.Severity == OperationOutcome.IssueSeverity.Warning).ToList();

    public static string Describe(IEnumerable<OperationOutcome.IssueComponent> issues) =>
        string.Join("\n", issues.Select(i => $"  {i.Severity} {i.Code} at {string.Join(",", i.Expression ?? [])} {string.Join(",", i.Location ?? [])}: {i.Details?.Text ?? i.Diagnostics}"));
}
