using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Journal;

public sealed record JournalBreak(long Sequence, string Stream, long Position, string Reason);

public sealed record JournalVerification(long EntriesChecked, JournalBreak? FirstBreak)
{
    public bool Intact => FirstBreak is null;
}

/// <summary>Recomputes every chain; any edited, inserted, reordered or deleted entry shows up as a break.</summary>
public static class JournalVerifier
{
    public static async Task<JournalVerification> VerifyAsync(ConsentFlowDbContext db, CancellationToken cancellationToken)
    {
        var heads = await db.JournalStreams.AsNoTracking().ToDictionaryAsync(s => s.Stream, cancellationToken);
        var seen = new Dictionary<string, (long Count, string Head)>();
        long checkedCount = 0;

        await foreach (var entry in db.Journal.AsNoTracking().OrderBy(e => e.Stream).ThenBy(e => e.Position).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            checkedCount++;
            var (count, previous) = seen.GetValueOrDefault(entry.Stream, (0, JournalHash.Genesis));
            if (entry.Position != count + 1)
                return Broken(checkedCount, entry, $"expected position {count + 1}: an entry is missing or was inserted");
            if (entry.PreviousHash != previous)
                return Broken(checkedCount, entry, "previous-hash does not match the entry before it");
            if (JournalHash.Compute(entry) != entry.Hash)
                return Broken(checkedCount, entry, "content does not match its hash: the entry was edited");
            seen[entry.Stream] = (entry.Position, entry.Hash);
        }

        foreach (var (stream, head) in heads)
        {
            var (count, hash) = seen.GetValueOrDefault(stream, (0, JournalHash.Genesis));
            if (count != head.Count || hash != head.HeadHash)
                return new JournalVerification(checkedCount,
                    new JournalBreak(0, stream, count + 1, $"stream head records {head.Count} entries but {count} remain: entries were deleted"));
        }
        var orphan = seen.Keys.FirstOrDefault(stream => !heads.ContainsKey(stream));
        if (orphan is not null)
            return new JournalVerification(checkedCount, new JournalBreak(0, orphan, 1, "stream has entries but no recorded head"));

        var instancesWithoutJournal = await db.Instances.AsNoTracking().Select(i => i.Id).ToListAsync(cancellationToken);
        var missing = instancesWithoutJournal.FirstOrDefault(id => !heads.ContainsKey(JournalStreams.ForInstance(id)));
        if (missing != Guid.Empty)
            return new JournalVerification(checkedCount, new JournalBreak(0, JournalStreams.ForInstance(missing), 1, "the instance's journal was removed"));
        return new JournalVerification(checkedCount, null);
    }

    private static JournalVerification Broken(long checkedCount, JournalEntry entry, string reason) =>
        new(checkedCount, new JournalBreak(entry.Sequence, entry.Stream, entry.Position, reason));
}

public static class JournalStreams
{
    public const string Definitions = "definitions";
    public static string ForInstance(Guid instanceId) => "instance:" + instanceId.ToString("N");
}
