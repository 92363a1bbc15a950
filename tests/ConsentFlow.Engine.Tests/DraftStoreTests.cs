using ConsentFlow.Engine.Publishing;
using ConsentFlow.Engine.Tests.Support;

namespace ConsentFlow.Engine.Tests;

public sealed class DraftStoreTests
{
    private const string Definition = "peld-consent";

    [Fact]
    public async Task Each_save_of_a_changed_draft_is_a_new_revision_with_who_when_and_the_base_version()
    {
        await using var test = await TestEngine.StartAsync(publishDefault: false);
        var drafts = new DraftStore(test.Engine.Contexts, test.Clock);

        var first = await drafts.SaveAsync(Definition, "admin-1", "{\"a\":1}", baseVersion: 3, CancellationToken.None);
        test.Clock.Now = test.Clock.Now.AddMinutes(5);
        var second = await drafts.SaveAsync(Definition, "admin-1", "{\"a\":2}", baseVersion: 3, CancellationToken.None);

        Assert.Equal(1, first.Revision);
        Assert.Equal(2, second.Revision);
        Assert.Equal(3, second.BaseVersion);
        Assert.Equal(test.Clock.Now.UtcDateTime, second.SavedAtUtc);
        var history = await drafts.HistoryAsync(Definition, "admin-1", CancellationToken.None);
        Assert.Equal([2, 1], history.Select(r => r.Revision));
        Assert.Equal("{\"a\":2}", (await drafts.LatestAsync(Definition, "admin-1", CancellationToken.None))!.Json);
    }

    [Fact]
    public async Task Saving_the_same_text_again_adds_no_revision()
    {
        await using var test = await TestEngine.StartAsync(publishDefault: false);
        var drafts = new DraftStore(test.Engine.Contexts, test.Clock);

        await drafts.SaveAsync(Definition, "admin-1", "{\"a\":1}", null, CancellationToken.None);
        var again = await drafts.SaveAsync(Definition, "admin-1", "{\"a\":1}", null, CancellationToken.None);

        Assert.Equal(1, again.Revision);
        Assert.Single(await drafts.HistoryAsync(Definition, "admin-1", CancellationToken.None));
    }

    [Fact]
    public async Task Each_administrator_has_their_own_draft()
    {
        await using var test = await TestEngine.StartAsync(publishDefault: false);
        var drafts = new DraftStore(test.Engine.Contexts, test.Clock);

        await drafts.SaveAsync(Definition, "admin-1", "{\"mine\":1}", null, CancellationToken.None);
        await drafts.SaveAsync(Definition, "admin-2", "{\"theirs\":1}", null, CancellationToken.None);

        Assert.Equal("{\"mine\":1}", (await drafts.LatestAsync(Definition, "admin-1", CancellationToken.None))!.Json);
        Assert.Equal("{\"theirs\":1}", (await drafts.LatestAsync(Definition, "admin-2", CancellationToken.None))!.Json);
        Assert.Null(await drafts.LatestAsync(Definition, "admin-3", CancellationToken.None));
        Assert.Null(await drafts.GetAsync(Definition, "admin-2", 2, CancellationToken.None));
        Assert.Equal([Definition], (await drafts.DraftsOfAsync("admin-1", CancellationToken.None)).Select(d => d.DefinitionId));
    }

    [Fact]
    public async Task Restoring_an_earlier_revision_adds_it_as_the_newest_and_keeps_the_history()
    {
        await using var test = await TestEngine.StartAsync(publishDefault: false);
        var drafts = new DraftStore(test.Engine.Contexts, test.Clock);
        await drafts.SaveAsync(Definition, "admin-1", "{\"a\":1}", 1, CancellationToken.None);
        await drafts.SaveAsync(Definition, "admin-1", "{\"a\":2}", 1, CancellationToken.None);

        var restored = await drafts.RestoreAsync(Definition, "admin-1", 1, CancellationToken.None);

        Assert.Equal(3, restored.Revision);
        Assert.Equal(1, restored.RestoredFrom);
        Assert.Equal("{\"a\":1}", (await drafts.LatestAsync(Definition, "admin-1", CancellationToken.None))!.Json);
        Assert.Equal(3, (await drafts.HistoryAsync(Definition, "admin-1", CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Saves_from_two_tabs_at_once_both_keep_their_text()
    {
        await using var test = await TestEngine.StartAsync(publishDefault: false);
        var drafts = new DraftStore(test.Engine.Contexts, test.Clock);

        await Task.WhenAll(
            drafts.SaveAsync(Definition, "admin-1", "{\"tab\":1}", null, CancellationToken.None),
            drafts.SaveAsync(Definition, "admin-1", "{\"tab\":2}", null, CancellationToken.None));

        var history = await drafts.HistoryAsync(Definition, "admin-1", CancellationToken.None);
        Assert.Equal([2, 1], history.Select(r => r.Revision));
    }
}
