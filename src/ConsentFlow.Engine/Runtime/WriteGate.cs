using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Engine.Runtime;

/// <summary>
/// SQLite allows one writer at a time; queueing writers in-process is faster and fairer than letting them spin on
/// SQLITE_BUSY. On SQL Server the gate is open and row versions alone arbitrate.
/// </summary>
public sealed class WriteGate
{
    private readonly SemaphoreSlim? _semaphore;
    private readonly SqliteCheckpointer? _checkpointer;

    private WriteGate(bool serialize, SqliteCheckpointer? checkpointer)
    {
        _semaphore = serialize ? new SemaphoreSlim(1, 1) : null;
        _checkpointer = checkpointer;
    }

    public static WriteGate For(StorageOptions storage) => storage.Provider == DatabaseProvider.Sqlite
        ? new WriteGate(serialize: true, new SqliteCheckpointer(storage.ConnectionString))
        : new WriteGate(serialize: false, checkpointer: null);

    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (_semaphore is null) return Released.Instance;
        await _semaphore.WaitAsync(cancellationToken);
        return new Releaser(this);
    }

    private void Exit()
    {
        _semaphore!.Release();
        _checkpointer?.WriteCommitted();
    }

    private sealed class Releaser(WriteGate gate) : IDisposable
    {
        private int _released;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Exit();
        }
    }

    private sealed class Released : IDisposable
    {
        public static readonly Released Instance = new();
        public void Dispose() { }
    }
}
