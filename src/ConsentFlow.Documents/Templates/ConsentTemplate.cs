namespace ConsentFlow.Documents.Templates;

/// <summary>One language of one version of a consent template, parsed from a Markdown file.</summary>
/// <param name="Sha256">Lower-case hex SHA-256 of the file bytes, so the engine can record exactly which text was used.</param>
public sealed record ConsentTemplate(
    string Id,
    int Version,
    string Language,
    string Title,
    string Culture,
    IReadOnlyDictionary<string, string> SideNames,
    IReadOnlyList<TemplateSection> Sections,
    string FilePath,
    string Sha256);

/// <summary>A level-2 heading with a stable id (<c>## Title {#id}</c>) and the blocks under it.</summary>
public sealed record TemplateSection(string Id, string Title, IReadOnlyList<TemplateBlock> Blocks, int Line);

/// <summary>A paragraph or bullet item; <see cref="Condition"/> is set when it sits inside a <c>::: when</c> container.</summary>
public sealed record TemplateBlock(TemplateBlockKind Kind, string Text, TemplateCondition? Condition, int Line);

public enum TemplateBlockKind
{
    Paragraph,
    Bullet,
}
