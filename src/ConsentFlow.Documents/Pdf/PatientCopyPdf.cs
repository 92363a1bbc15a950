namespace ConsentFlow.Documents.Pdf;

/// <summary>
/// The patient's own copy of what they signed, handed over right after signing: laid out as the consent document,
/// headed as a copy the staff still complete, never sealed and without a verification code (nothing archived yet
/// that a verifier could confirm). The sealed document replaces it once the staff have signed.
/// </summary>
public static class PatientCopyPdf
{
    public static string Notice(string language) => language == "es"
        ? "Copia del paciente — el personal de la clínica completa el consentimiento firmado"
        : "Patient copy — the signed consent is completed by the clinic's staff";

    /// <exception cref="ArgumentException">The request could only produce an invalid consent (see the generator's checks).</exception>
    public static async Task<byte[]> RenderAsync(ConsentDocumentRequest request, DateTimeOffset createdAt)
    {
        ConsentDocumentValidation.Validate(request, allSigned: false);
        using var built = ConsentPdfBuilder.Build(request, createdAt, sealPlaced: false, Notice(request.Language));
        return await ConsentPdfBuilder.SaveAsync(built).ConfigureAwait(false);
    }
}
