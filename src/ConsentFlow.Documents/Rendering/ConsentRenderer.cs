using System.Globalization;
using ConsentFlow.Documents.Templates;

namespace ConsentFlow.Documents.Rendering;

/// <summary>Fills a template with one case's data and keeps the conditional paragraphs whose cause is present.</summary>
public static class ConsentRenderer
{
    public static RenderedConsent Render(ConsentTemplate template, ConsentCaseData caseData, IReadOnlyDictionary<string, string> screeningAnswers)
    {
        var culture = CultureInfo.GetCultureInfo(template.Culture);
        var values = new Dictionary<string, string>
        {
            [TemplatePlaceholders.PatientName] = caseData.PatientDisplayName,
            [TemplatePlaceholders.Level] = caseData.Level,
            [TemplatePlaceholders.Side] = SideName(template, caseData.Side),
            [TemplatePlaceholders.Surgeon] = caseData.Surgeon,
            [TemplatePlaceholders.Date] = caseData.ScheduledDate.ToString(culture.DateTimeFormat.LongDatePattern, culture),
        };

        var sections = new List<RenderedSection>();
        foreach (var section in template.Sections)
        {
            var paragraphs = new List<RenderedParagraph>();
            foreach (var block in section.Blocks)
            {
                ParagraphCause? cause = null;
                if (block.Condition is not null)
                {
                    var clause = block.Condition.FirstSatisfiedClause(screeningAnswers);
                    if (clause is null)
                        continue;
                    cause = new ParagraphCause(clause.Field, screeningAnswers[clause.Field].Trim(), block.Condition.Expression);
                }

                paragraphs.Add(new RenderedParagraph(Fill(block.Text, values, cause), block.Kind == TemplateBlockKind.Bullet, cause));
            }

            sections.Add(new RenderedSection(section.Id, section.Title, paragraphs));
        }

        var plain = ShownText.Compose(template.Title, sections);
        return new RenderedConsent(template.Id, template.Version, template.Sha256, template.Language, template.Title, sections, plain, ShownText.Sha256(plain));
    }

    static string SideName(ConsentTemplate template, string side)
    {
        var key = side.Trim().ToLowerInvariant();
        if (key is not ("left" or "right"))
            throw new ArgumentException("side must be 'left' or 'right'", nameof(side));
        return template.SideNames.TryGetValue(key, out var name) ? name : key;
    }

    static string Fill(string text, Dictionary<string, string> values, ParagraphCause? cause) =>
        TemplatePlaceholders.Pattern().Replace(text, match =>
        {
            var name = match.Groups[1].Value;
            if (name == TemplatePlaceholders.CauseValue && cause is not null)
                return cause.Answer;
            return values.TryGetValue(name, out var value)
                ? value
                : throw new InvalidOperationException($"placeholder '{name}' has no value here");
        });
}
