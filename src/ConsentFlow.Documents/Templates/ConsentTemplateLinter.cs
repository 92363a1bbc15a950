namespace ConsentFlow.Documents.Templates;

/// <summary>
/// Checks templates before they can be used for consent: format, required elements and translations.
/// Runs with workflow validation; an empty result means the folder is valid.
/// </summary>
public static class ConsentTemplateLinter
{
    /// <summary>Every valid consent must contain these sections (section id → element named in problems).</summary>
    public static readonly IReadOnlyDictionary<string, string> RequiredSections = new Dictionary<string, string>
    {
        ["procedure"] = "procedure description",
        ["risks"] = "risks",
        ["benefits"] = "benefits",
        ["alternatives"] = "alternatives",
        ["right-to-refuse"] = "right to refuse",
        ["sedation"] = "sedation",
        ["signature"] = "signature block",
    };

    public static IReadOnlyList<TemplateProblem> Lint(string folder) =>
        LintAsync(folder, CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<IReadOnlyList<TemplateProblem>> LintAsync(string folder, CancellationToken cancellationToken)
    {
        var (templates, problems) = await TemplateFiles.ReadAllAsync(folder, cancellationToken).ConfigureAwait(false);
        problems.AddRange(Check(templates));
        return problems;
    }

    internal static IEnumerable<TemplateProblem> Check(IReadOnlyList<ConsentTemplate> templates)
    {
        foreach (var template in templates)
        {
            var ids = template.Sections.Select(s => s.Id).ToHashSet();
            foreach (var (id, element) in RequiredSections.Where(r => !ids.Contains(r.Key)))
                yield return new TemplateProblem(template.FilePath, element, $"required element '{element}' is missing (add a section '## ... {{#{id}}}')");
        }

        foreach (var duplicate in templates.GroupBy(t => (t.Id, t.Version, t.Language)).Where(g => g.Count() > 1))
        {
            foreach (var template in duplicate.Skip(1))
                yield return new TemplateProblem(template.FilePath, "front matter", $"{template.Id} v{template.Version} '{template.Language}' is also defined in {duplicate.First().FilePath}");
        }

        foreach (var family in templates.GroupBy(t => (t.Id, t.Version)))
        {
            foreach (var problem in CheckTranslations(family.ToList()))
                yield return problem;
        }
    }

    /// <summary>
    /// Every language must exist and say the same things: same sections in the same order and the same
    /// conditional paragraphs, so a Spanish-speaking patient is never shown less than an English one.
    /// </summary>
    static IEnumerable<TemplateProblem> CheckTranslations(List<ConsentTemplate> family)
    {
        var reference = family.FirstOrDefault(t => t.Language == "en") ?? family[0];
        foreach (var language in ConsentTemplateParser.SupportedLanguages.Where(l => family.All(t => t.Language != l)))
            yield return new TemplateProblem(reference.FilePath, "translation", $"no '{language}' translation of {reference.Id} v{reference.Version}");

        foreach (var translation in family.Where(t => t != reference))
        {
            var expected = reference.Sections.Select(s => s.Id).ToList();
            var actual = translation.Sections.Select(s => s.Id).ToList();
            foreach (var missing in expected.Except(actual))
                yield return new TemplateProblem(translation.FilePath, missing, $"section is in the '{reference.Language}' template but not translated");
            foreach (var extra in actual.Except(expected))
                yield return new TemplateProblem(translation.FilePath, extra, $"section is not in the '{reference.Language}' template");
            if (expected.Count == actual.Count && !expected.SequenceEqual(actual))
                yield return new TemplateProblem(translation.FilePath, "sections", $"sections are in a different order than in the '{reference.Language}' template");

            foreach (var section in translation.Sections)
            {
                var original = reference.Sections.FirstOrDefault(s => s.Id == section.Id);
                if (original is not null && !ConditionsOf(original).SequenceEqual(ConditionsOf(section)))
                    yield return new TemplateProblem(translation.FilePath, section.Id, $"conditional paragraphs differ from the '{reference.Language}' template ({string.Join("; ", ConditionsOf(original))})");
            }
        }
    }

    static IEnumerable<string> ConditionsOf(TemplateSection section) =>
        section.Blocks.Where(b => b.Condition is not null).Select(b => b.Condition!.Expression).Distinct();
}
