using ConsentFlow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Tests;

public sealed class VersioningTests
{
    private static readonly DateTimeOffset ProcedureStart = new(2026, 5, 12, 8, 0, 0, TimeSpan.FromHours(-5));

    [Fact]
    public async Task Publishing_unchanged_content_does_not_create_a_new_version()
    {
        await using var test = await TestEngine.StartAsync();
        var json = await File.ReadAllTextAsync(RepositoryPaths.DefaultWorkflow);
        var again = await test.Engine.Catalog.PublishAsync(json, "peld-consent.workflow.json", TestEngine.Admin, CancellationToken.None);
        Assert.False(again.Changed);
        Assert.Equal(1, again.Version);
    }

    [Fact]
    public async Task A_running_case_stays_on_the_version_it_started_with_after_a_new_version_is_published()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var before = await PeldCase.StartAsync(test, ProcedureStart);

        var json = await File.ReadAllTextAsync(RepositoryPaths.DefaultWorkflow);
        var renamed = json.Replace("\"Imaging review\"", "\"Imaging review (v2)\"");
        var published = await test.Engine.Catalog.PublishAsync(renamed, "peld-consent.workflow.json", TestEngine.Admin, CancellationToken.None);
        var after = await PeldCase.StartAsync(test, ProcedureStart);

        Assert.Equal(2, published.Version);
        Assert.Equal("Imaging review", (await before.TaskAsync("imaging-review")).Title);
        Assert.Equal("Imaging review (v2)", (await after.TaskAsync("imaging-review")).Title);
        await before.SubmitAsync("imaging-review", TestEngine.Nurse);
        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        var entry = await db.Journal.SingleAsync(e => e.Action == "task.completed");
        Assert.Equal(1, entry.DefinitionVersion);
    }

    [Fact]
    public async Task An_invalid_definition_is_never_published()
    {
        await using var test = await TestEngine.StartAsync();
        var json = (await File.ReadAllTextAsync(RepositoryPaths.DefaultWorkflow)).Replace("\"next\": \"imaging-checks\"", "\"next\": \"imaging-chekcs\"");

        var error = await Assert.ThrowsAsync<Definitions.InvalidDefinitionException>(() =>
            test.Engine.Catalog.PublishAsync(json, "peld-consent.workflow.json", TestEngine.Admin, CancellationToken.None));

        Assert.Contains(error.Problems, p => p.JsonPath.EndsWith(".next") && p.Message.Contains("imaging-chekcs"));
        Assert.Single(await test.Engine.Catalog.ListVersionsAsync(CancellationToken.None));
    }
}
