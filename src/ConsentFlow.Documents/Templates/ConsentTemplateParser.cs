using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.CustomContainers;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ConsentFlow.Documents.Templates;

/// <summary>
/// Turns one template file into a <see cref="ConsentTemplate"/>, reporting every problem instead of
/// stopping at the first, so the linter and the loader share one reading of the format.
/// </summary>
internal static partial class ConsentTemplateParser
{
    public static readonly IReadOnlySet<string> SupportedLanguages = new HashSet<string> { "en", "es" };

    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        .UseCustomContainers()
        .Build();

    static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    [GeneratedRegex(@"^(?<title>.*?)\s*\{#(?<id>[a-z0-9-]+)\}\s*$")]
    private static partial Regex HeadingWithId();

    public static ConsentTemplate? Parse(string filePath, byte[] bytes, List<TemplateProblem> problems)
    {
        var report = (string location, string message) => problems.Add(new TemplateProblem(filePath, location, message));
        var markdown = new UTF8Encoding(false, true).GetString(bytes).TrimStart('\uFEFF').Normalize(NormalizationForm.FormC);
        var document = Markdown.Parse(markdown, Pipeline);

        var front = ReadFrontMatter(document, report);
        var sections = new List<(string Id, string Title, List<TemplateBlock> Blocks, int Line)>();
        foreach (var block in document)
        {
            switch (block)
            {
                case YamlFrontMatterBlock:
                    break;
                case HeadingBlock { Level: 2 } heading:
                    sections.Add(StartSection(heading, sections, report));
                    break;
                default:
                    if (sections.Count == 0)
                        report(LineOf(block), "text before the first '## Title {#id}' section heading");
                    else
                        AddBlocks(block, condition: null, sections[^1].Blocks, report);
                    break;
            }
        }

        foreach (var section in sections.Where(s => s.Blocks.Count == 0))
            report(section.Id, "section has no text");

        if (front is null)
            return null;

        return new ConsentTemplate(
            front.Id!,
            front.Version!.Value,
            front.Language!,
            front.Title!,
            front.Culture ?? front.Language!,
            front.Sides ?? new Dictionary<string, string>(),
            sections.Select(s => new TemplateSection(s.Id, s.Title, s.Blocks, s.Line)).ToList(),
            filePath,
            Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    static TemplateFrontMatter? ReadFrontMatter(MarkdownDocument document, Action<string, string> report)
    {
        const string location = "front matter";
        var yamlBlock = document.Descendants<YamlFrontMatterBlock>().FirstOrDefault();
        if (yamlBlock is null)
        {
            report(location, "missing '---' YAML front matter with id, version, language and title");
            return null;
        }

        TemplateFrontMatter? front;
        try
        {
            front = Yaml.Deserialize<TemplateFrontMatter>(yamlBlock.Lines.ToString()) ?? new TemplateFrontMatter();
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            report(location, $"invalid YAML: {ex.Message}");
            return null;
        }

        var ok = true;
        if (string.IsNullOrWhiteSpace(front.Id)) { report(location, "'id' is required"); ok = false; }
        if (front.Version is null or < 1) { report(location, "'version' must be a whole number of 1 or more"); ok = false; }
        if (string.IsNullOrWhiteSpace(front.Title)) { report(location, "'title' is required"); ok = false; }
        if (front.Language is null || !SupportedLanguages.Contains(front.Language))
        {
            report(location, $"'language' must be one of: {string.Join(", ", SupportedLanguages)}");
            ok = false;
        }

        return ok ? front : null;
    }

    static (string, string, List<TemplateBlock>, int) StartSection(
        HeadingBlock heading,
        List<(string Id, string Title, List<TemplateBlock> Blocks, int Line)> sections,
        Action<string, string> report)
    {
        var text = InlineText(heading.Inline, report, LineOf(heading));
        var match = HeadingWithId().Match(text);
        var line = heading.Line + 1;
        if (!match.Success)
        {
            report(LineOf(heading), $"section heading '{text}' needs an id, e.g. '## {text} {{#risks}}'");
            return ($"line-{line}", text, [], line);
        }

        var id = match.Groups["id"].Value;
        if (sections.Any(s => s.Id == id))
            report(id, "section id is used twice");
        return (id, match.Groups["title"].Value, [], line);
    }

    static void AddBlocks(Block block, TemplateCondition? condition, List<TemplateBlock> into, Action<string, string> report)
    {
        switch (block)
        {
            case ParagraphBlock paragraph:
                AddText(TemplateBlockKind.Paragraph, paragraph, condition, into, report);
                break;
            case ListBlock { IsOrdered: false } list:
                foreach (var item in list.OfType<ListItemBlock>())
                {
                    foreach (var inner in item)
                    {
                        if (inner is ParagraphBlock itemParagraph)
                            AddText(TemplateBlockKind.Bullet, itemParagraph, condition, into, report);
                        else
                            report(LineOf(inner), "a bullet item may only hold plain text");
                    }
                }
                break;
            case CustomContainer container when condition is null:
                var nested = ReadCondition(container, report);
                foreach (var inner in container)
                    AddBlocks(inner, nested, into, report);
                break;
            case CustomContainer container:
                report(LineOf(container), "'::: when' containers cannot be nested");
                break;
            case HeadingBlock heading:
                report(LineOf(heading), "only '##' headings are allowed; each one starts a section");
                break;
            default:
                report(LineOf(block), $"unsupported Markdown ({block.GetType().Name}); use paragraphs, '-' bullets and '::: when' blocks");
                break;
        }
    }

    static TemplateCondition? ReadCondition(CustomContainer container, Action<string, string> report)
    {
        if (container.Info != "when")
        {
            report(LineOf(container), $"unknown container '::: {container.Info}'; use '::: when form.field == value'");
            return null;
        }

        if (!TemplateCondition.TryParse(container.Arguments ?? "", out var condition, out var error))
            report(LineOf(container), error);
        return condition;
    }

    static void AddText(TemplateBlockKind kind, ParagraphBlock paragraph, TemplateCondition? condition, List<TemplateBlock> into, Action<string, string> report)
    {
        var location = LineOf(paragraph);
        var text = InlineText(paragraph.Inline, report, location);
        foreach (var name in TemplatePlaceholders.NamesIn(text))
        {
            if (!TemplatePlaceholders.All.Contains(name))
                report(location, $"unknown placeholder '{{{{{name}}}}}'");
            else if (name == TemplatePlaceholders.CauseValue && condition is null)
                report(location, $"'{{{{{name}}}}}' is only meaningful inside a '::: when' block");
        }

        into.Add(new TemplateBlock(kind, text, condition, paragraph.Line + 1));
    }

    /// <summary>Flattens inline Markdown to plain text: the PDF and the tablet show plain paragraphs only.</summary>
    static string InlineText(ContainerInline? inline, Action<string, string> report, string location)
    {
        var sb = new StringBuilder();
        Append(inline);
        return Regex.Replace(sb.ToString(), @"\s+", " ").Trim();

        void Append(Inline? node)
        {
            for (; node is not null; node = node.NextSibling)
            {
                switch (node)
                {
                    case LiteralInline literal: sb.Append(literal.Content.ToString()); break;
                    case LineBreakInline: sb.Append(' '); break;
                    case CodeInline code: sb.Append(code.Content); break;
                    case HtmlEntityInline entity: sb.Append(entity.Transcoded.ToString()); break;
                    case ContainerInline container: Append(container.FirstChild); break;
                    default: report(location, $"unsupported inline Markdown ({node.GetType().Name})"); break;
                }
            }
        }
    }

    static string LineOf(Block block) => $"line {block.Line + 1}";
}
