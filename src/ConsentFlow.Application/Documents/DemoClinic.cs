using ConsentFlow.Documents.Pdf;

namespace ConsentFlow.Application.Documents;

/// <summary>The clinic printed on documents when none is configured (demo and development).</summary>
public static class DemoClinic
{
    public static readonly ClinicDetails Details = new("ConsentFlow Demo Spine Clinic", "100 Example Avenue, Springfield");
}
