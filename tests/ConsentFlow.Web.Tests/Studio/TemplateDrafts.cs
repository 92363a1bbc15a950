using System.Text.RegularExpressions;
using ConsentFlow.Web.Studio.Templates;
using ConsentFlow.Web.Tests.Support;

namespace ConsentFlow.Web.Tests.Studio;

/// <summary>Drafts of the next PELD consent version, made from the repository's current text (version 2).</summary>
internal static class TemplateDrafts
{
    public const string TemplateId = "peld-consent";

    public static readonly string Folder = Path.Combine(RepositoryPaths.Workflows, "consent-templates");

    public static TemplateTexts Current() => new(
        File.ReadAllText(Path.Combine(Folder, "peld-consent.en.md")),
        File.ReadAllText(Path.Combine(Folder, "peld-consent.es.md")));

    /// <summary>The current text as version <paramref name="version"/>.</summary>
    public static TemplateTexts Next(int version = 3)
    {
        var current = Current();
        string Bump(string text) => Regex.Replace(text, @"^version:\s*\d+", $"version: {version}", RegexOptions.Multiline);
        return new TemplateTexts(Bump(current.En), Bump(current.Es));
    }

    /// <summary>Adds a paragraph shown only when a legal representative signs, in both languages, at the end of the signature section.</summary>
    public static TemplateTexts WithRepresentativeParagraph(this TemplateTexts texts) => new(
        texts.En.TrimEnd() + "\n\n::: when consentDiscussion.signer == legalRepresentative\nYou are signing for the patient as their legal representative. Sign only if the law lets you decide for them.\n:::\n",
        texts.Es.TrimEnd() + "\n\n::: when consentDiscussion.signer == legalRepresentative\nUsted firma por el paciente como su representante legal. Firme solo si la ley le permite decidir por él o ella.\n:::\n");

    /// <summary>The 1-based line of the first line of <paramref name="text"/> that contains <paramref name="fragment"/>.</summary>
    public static int LineOf(string text, string fragment) =>
        text.Split('\n').Select((line, index) => (line, index)).First(x => x.line.Contains(fragment, StringComparison.Ordinal)).index + 1;
}
