using System.Net;
using Hl7.Fhir.Model;

namespace ConsentFlow.Fhir.Mapping;

/// <summary>A short human-readable summary on every resource, so a receiver without our codes still reads what it says.</summary>
internal static class Narratives
{
    public static Narrative Of(params string?[] sentences) => new()
    {
        Status = Narrative.NarrativeStatus.Generated,
        Div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">"
            + string.Concat(sentences.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => $"<p>{WebUtility.HtmlEncode(s)}</p>"))
            + "</div>",
    };
}
