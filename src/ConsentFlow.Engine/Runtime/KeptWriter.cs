using System.Data.Common;
using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Engine.Runtime;

/// <summary>
/// Group commit's writer connection, kept open while batches keep coming so its prepared statements are reused from
/// one batch to the next (a unit alone in its batch would otherwise prepare each of its statements again), and closed
/// after a short idle spell: an idle clinic, or a test run holding many engines, keeps no handle open. Used only by the
/// holder of the write lock.
/// </summary>
internal sealed class KeptWriter(IUnitOfWorkConnections connections, SemaphoreSlim writers)
{
    private static readonly TimeSpan IdleClose = TimeSpan.FromSeconds(2);
    private DbConnection? _connection;
    private ChangeWriter? _changes;
    private Timer? _closer;

    /// <summary>The open writer and its statements; opens them when closed.</summary>
    public async Task<(DbConnection Connection, ChangeWriter Changes)> OpenAsync()
    {
        if (_connection is null || _changes is null)
        {
            _connection = await connections.OpenWriterAsync(CancellationToken.None);
            _changes = new ChangeWriter(_connection);
        }
        return (_connection, _changes);
    }

    /// <summary>After a batch: a connection that failed is dropped (the next batch opens a fresh one), a good one kept a while.</summary>
    public void Release(bool failed)
    {
        if (failed) Close();
        else (_closer ??= new Timer(_ => CloseIfIdle())).Change(IdleClose, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Closes the writer now, after any batch in progress: every handle on the file is then released.</summary>
    public void CloseNow()
    {
        writers.Wait();
        try
        {
            _closer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Close();
        }
        finally { writers.Release(); }
    }

    private void CloseIfIdle()
    {
        if (!writers.Wait(0))
        {
            _closer?.Change(IdleClose, Timeout.InfiniteTimeSpan); // a batch or a document is writing: look again later
            return;
        }
        try { Close(); }
        finally { writers.Release(); }
    }

    private void Close()
    {
        _changes?.Dispose();
        _connection?.Dispose();
        _changes = null;
        _connection = null;
    }
}
