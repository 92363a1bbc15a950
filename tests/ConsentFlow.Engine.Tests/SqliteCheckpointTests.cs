using System.Buffers.Binary;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Engine.Tests.Support;
using static ConsentFlow.Engine.Tests.Support.GroupCommitUnits;

namespace ConsentFlow.Engine.Tests;

/// <summary>
/// SQLite's WAL starts over only after a checkpoint copied all of it. Beside steady writes that never happened, so the
/// WAL grew until the automatic checkpoint ran inside a commit and held every submission behind it for 12–20 ms.
/// </summary>
public sealed class SqliteCheckpointTests
{
    private const int Units = 3000;
    private const int SqliteAutomaticCheckpointFrames = 10_000;
    private static readonly string Payload = new('x', 12_000); // a few pages per unit, as a submission writes

    [Fact]
    public async Task Under_steady_writes_the_wal_starts_over_every_few_hundred_units_instead_of_growing_to_the_automatic_checkpoint()
    {
        await using var test = await TestEngine.StartAsync(publishDefault: false);
        var gate = test.Storage.CreateWriteGate();

        for (var unit = 0; unit < Units; unit++)
            await SaveAsync(gate, test, db => db.JournalStreams.Add(new JournalStream { Stream = $"unit-{unit}", HeadHash = Payload }));

        var (restarts, pageSize) = WalHeader(test.DatabasePath + "-wal");
        var framesAtMost = new FileInfo(test.DatabasePath + "-wal").Length / (pageSize + 24);
        // A round every 200 units would start it over 15 times; the automatic checkpoint alone, about twice (6 frames a unit).
        Assert.True(restarts >= 5, $"the WAL started over {restarts} times in {Units} units");
        Assert.True(framesAtMost < SqliteAutomaticCheckpointFrames * 8 / 10, $"the WAL grew to {framesAtMost} frames");
    }

    /// <summary>The WAL header's checkpoint sequence number rises each time the WAL starts over (sqlite.org/fileformat2.html#walformat).</summary>
    private static (uint Restarts, int PageSize) WalHeader(string path)
    {
        using var wal = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Span<byte> header = stackalloc byte[32];
        wal.ReadExactly(header);
        return (BinaryPrimitives.ReadUInt32BigEndian(header[12..]), (int)BinaryPrimitives.ReadUInt32BigEndian(header[8..]));
    }
}
