using ConsentFlow.Engine.Scenarios;

namespace ConsentFlow.Cli.Demo;

/// <summary>
/// Called by the demo once the consent is active (every signer has signed). This is where the signed, sealed PDF is
/// written into the demo folder; until that is wired in, <see cref="NoConsentDocuments"/> writes nothing.
/// </summary>
internal interface IConsentDocumentWriter
{
    /// <returns>The files written, for the demo to print.</returns>
    Task<IReadOnlyList<string>> WriteAsync(CaseDriver patient, Guid consentId, string outputFolder, CancellationToken cancellationToken);
}

internal sealed class NoConsentDocuments : IConsentDocumentWriter
{
    public Task<IReadOnlyList<string>> WriteAsync(CaseDriver patient, Guid consentId, string outputFolder, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}
