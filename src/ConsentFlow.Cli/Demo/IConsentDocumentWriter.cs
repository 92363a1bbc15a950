using ConsentFlow.Engine.Scenarios;

namespace ConsentFlow.Cli.Demo;

/// <summary>Called by the demo once the consent is active (every signer has signed) to write its signed PDF.</summary>
internal interface IConsentDocumentWriter
{
    /// <returns>The files written, for the demo to print.</returns>
    Task<IReadOnlyList<string>> WriteAsync(CaseDriver patient, Guid consentId, string outputFolder, CancellationToken cancellationToken);
}
