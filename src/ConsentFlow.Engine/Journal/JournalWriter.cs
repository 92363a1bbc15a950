using System.Text.Json;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Engine.Journal;

/// <summary>
/// Collects the journal entries of one unit of work and chains them onto their stream just before the save, so they
/// commit in the same transaction as the change they describe.
/// </summary>
internal sealed class JournalWriter(ConsentFlowDbContext db, TimeProvider clock)
{
    private readonly List<JournalEntry> _pending = [];
    private readonly Dictionary<string, JournalStream?> _streams = [];

    public void Record(string stream, Guid? instanceId, string? stepId, Actor actor, string action, object details,
        string? definitionId = null, int? definitionVersion = null)
    {
        _pending.Add(new JournalEntry
        {
            Stream = stream,
            InstanceId = instanceId,
            StepId = stepId,
            Actor = actor.Id,
            Role = actor.Role,
            // Truncated to microseconds: every provider stores that precision, so the hash verifies after a round trip.
            AtUtc = TruncateToMicroseconds(clock.GetUtcNow().UtcDateTime),
            Action = action,
            DetailsJson = JsonSerializer.Serialize(details),
            DefinitionId = definitionId,
            DefinitionVersion = definitionVersion,
        });
    }

    /// <summary>Chains onto a stream head this process committed last (see <see cref="Runtime.KeptLiveState"/>) instead of reading it.</summary>
    public void Resume(JournalStream head)
    {
        db.Entry(head).State = Microsoft.EntityFrameworkCore.EntityState.Unchanged;
        _streams[head.Stream] = head;
    }

    /// <summary>A stream known to be new (a new instance's): nothing to read before chaining onto it.</summary>
    public void BeginStream(string stream)
    {
        var head = new JournalStream { Stream = stream, HeadHash = JournalHash.Genesis };
        db.JournalStreams.Add(head);
        _streams[stream] = head;
    }

    /// <summary>The head of <paramref name="stream"/> as this writer last chained it; null if it never wrote there.</summary>
    public JournalStream? Head(string stream) => _streams.GetValueOrDefault(stream);

    /// <summary>Hash-chains the pending entries; returns the head hash of the last stream written.</summary>
    public async Task<string?> ChainAsync(CancellationToken cancellationToken)
    {
        string? head = null;
        foreach (var group in _pending.GroupBy(e => e.Stream))
        {
            // DbSet.Local would run a full DetectChanges over everything tracked; the writer remembers its own streams.
            if (!_streams.TryGetValue(group.Key, out var stream))
                _streams[group.Key] = stream = await Runtime.SessionQueries.Stream(db, group.Key);
            if (stream is null)
            {
                _streams[group.Key] = stream = new JournalStream { Stream = group.Key, HeadHash = JournalHash.Genesis };
                db.JournalStreams.Add(stream);
            }
            foreach (var entry in group)
            {
                entry.PreviousHash = stream.HeadHash;
                entry.Position = ++stream.Count;
                entry.Hash = JournalHash.Compute(entry);
                stream.HeadHash = entry.Hash;
                db.Entry(entry).State = Microsoft.EntityFrameworkCore.EntityState.Added; // no navigations: Add's graph walk is pure cost
            }
            head = stream.HeadHash;
        }
        _pending.Clear();
        return head;
    }

    private static DateTime TruncateToMicroseconds(DateTime value) =>
        new(value.Ticks - value.Ticks % 10, DateTimeKind.Utc);
}
