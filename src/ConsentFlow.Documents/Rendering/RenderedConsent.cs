namespace ConsentFlow.Documents.Rendering;

/// <summary>The consent text exactly as the patient sees it on the tablet and in the signed PDF.</summary>
/// <param name="PlainText">The normalized text shown on the tablet; <paramref name="ShownTextSha256"/> is its hash.</param>
public sealed record RenderedConsent(
    string TemplateId,
    int TemplateVersion,
    string TemplateSha256,
    string Language,
    string Title,
    IReadOnlyList<RenderedSection> Sections,
    string PlainText,
    string ShownTextSha256)
{
    public IEnumerable<RenderedParagraph> ConditionalParagraphs =>
        Sections.SelectMany(s => s.Paragraphs).Where(p => p.Cause is not null);
}

public sealed record RenderedSection(string Id, string Title, IReadOnlyList<RenderedParagraph> Paragraphs);

public sealed record RenderedParagraph(string Text, bool IsBullet, ParagraphCause? Cause);

/// <summary>The screening answer that made a conditional paragraph appear.</summary>
/// <param name="Condition">The template condition, e.g. <c>sedation.stopBangScore &gt;= 5 or sedation.osaDiagnosed == yes</c>.</param>
public sealed record ParagraphCause(string Field, string Answer, string Condition)
{
    /// <summary>E.g. <c>sedation.anticoagulant = apixaban</c>.</summary>
    public override string ToString() => $"{Field} = {Answer}";
}
