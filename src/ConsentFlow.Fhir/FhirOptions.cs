namespace ConsentFlow.Fhir;

/// <summary>Section <c>ConsentFlow:Fhir</c>.</summary>
public sealed class FhirOptions
{
    public const string Section = "ConsentFlow:Fhir";

    /// <summary>The public FHIR base (e.g. https://consent.clinic.example/fhir) when the server sits behind a proxy; otherwise taken from the request.</summary>
    public string? PublicBaseUrl { get; set; }
}
