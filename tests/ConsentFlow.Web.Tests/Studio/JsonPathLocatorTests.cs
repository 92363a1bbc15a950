using ConsentFlow.Web.Studio.Editing;
using ConsentFlow.Web.Tests.Support;

namespace ConsentFlow.Web.Tests.Studio;

public sealed class JsonPathLocatorTests
{
    private const string Draft = """
        {
          "id": "demo",
          "title": { "en": "Discectomía", "es": "Discectomía" },
          "steps": [
            { "id": "a", "next": "b" },
            {
              "id": "b",
              "kind": "humanTask",
              "next": "missing"
            }
          ]
        }
        """;

    [Fact]
    public void A_member_path_marks_the_name_through_the_value()
    {
        Assert.Equal(new TextSpan(9, 7, 9, 24), JsonPathLocator.Locate(Draft, "$.steps[1].next"));
    }

    [Fact]
    public void Columns_count_characters_not_utf8_bytes()
    {
        // "es" comes after an accented word on the same line: a byte count would put it one column too far right.
        Assert.Equal(new TextSpan(3, 35, 3, 54), JsonPathLocator.Locate(Draft, "$.title.es"));
    }

    [Fact]
    public void An_array_item_on_one_line_is_marked_from_its_brace_to_the_end_of_the_line()
    {
        Assert.Equal(new TextSpan(5, 5, 5, 32), JsonPathLocator.Locate(Draft, "$.steps[0]"));
    }

    [Fact]
    public void A_path_to_a_missing_property_lands_on_the_deepest_part_that_exists()
    {
        var span = JsonPathLocator.Locate(Draft, "$.steps[1].form");
        Assert.Equal(6, span!.StartLine);
        Assert.Equal(5, span.StartColumn);
    }

    [Fact]
    public void The_root_path_marks_the_first_line()
    {
        Assert.Equal(new TextSpan(1, 1, 1, 2), JsonPathLocator.Locate(Draft, "$"));
    }

    [Fact]
    public void Paths_parse_into_names_and_indexes()
    {
        Assert.Equal(["steps", 3, "rules", 0, "when"], JsonPathLocator.Parse("$.steps[3].rules[0].when"));
        Assert.Equal(["tables", "hold hours"], JsonPathLocator.Parse("$.tables['hold hours']"));
    }

    [Fact]
    public void Every_problem_of_a_broken_default_workflow_is_placed_on_the_line_that_holds_it()
    {
        var json = File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, "peld-consent.workflow.json"));
        var broken = json.Replace("\"next\": \"imaging-checks\"", "\"next\": \"imaging-chekcs\"");

        var result = DraftCheck.Run(broken);

        var problem = Assert.Single(result.Problems, p => p.JsonPath.EndsWith(".next"));
        var line = broken.Split('\n')[problem.Span!.StartLine - 1];
        Assert.Contains("imaging-chekcs", line);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Text_that_is_not_json_is_marked_where_the_parser_stopped()
    {
        var result = DraftCheck.Run("{\n  \"id\": \"x\",\n  \"title\" 3\n}");
        var problem = Assert.Single(result.Problems);
        Assert.Equal(3, problem.Span!.StartLine);
        Assert.StartsWith("not valid JSON", problem.Message);
    }

    [Fact]
    public void The_default_workflow_checks_clean()
    {
        var json = File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, "peld-consent.workflow.json"));
        Assert.True(DraftCheck.Run(json).IsValid);
    }
}
