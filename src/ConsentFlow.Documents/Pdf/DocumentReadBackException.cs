namespace ConsentFlow.Documents.Pdf;

/// <summary>
/// The generated PDF does not contain a fact it must show; the document is not sealed. The message
/// names the missing fact ("patient name"), never its value, so logs stay free of patient data.
/// </summary>
public sealed class DocumentReadBackException(IReadOnlyList<string> missing)
    : Exception(string.Join("; ", missing.Select(m => $"{m} not found in document")) + "; the document was not sealed")
{
    public IReadOnlyList<string> Missing { get; } = missing;
}
