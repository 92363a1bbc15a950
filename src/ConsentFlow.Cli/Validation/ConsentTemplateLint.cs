using ConsentFlow.Documents.Templates;

namespace ConsentFlow.Cli.Validation;

/// <summary>Checks the consent templates of a folder; returns one <c>FILE: LOCATION: message</c> line per problem.</summary>
internal delegate Task<IReadOnlyList<string>> TemplateLint(string folder, CancellationToken cancellationToken);

/// <summary>Templates live beside the definitions (workflows/consent-templates) and are checked with them.</summary>
internal static class ConsentTemplateLint
{
    public const string FolderName = "consent-templates";

    /// <summary>The Documents library's linter: required sections, front matter, and matching translations.</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(string folder, CancellationToken cancellationToken) =>
        (await ConsentTemplateLinter.LintAsync(folder, cancellationToken)).Select(p => p.ToString()).ToList();
}
