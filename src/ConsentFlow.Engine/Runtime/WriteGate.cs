namespace ConsentFlow.Engine.Runtime;

/// <summary>
/// SQLite allows one writer at a time; queueing writers in-process is faster and fairer than letting them spin on
/// SQLITE_BUSY. On SQL Server the gate is open and row versions alone arbitrate.
/// </summary>
public sealed class WriteGate(bool serialize)
{
    private readonly SemaphoreSlim? _semaphore = serialize ? new SemaphoreSlim(1, 1) : null;

    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (_semaphore is null) return Released.Instance;
        await _semaphore.WaitAsync(cancellationToken);
        return new Releaser(_semaphore);
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) semaphore.Release();
        }
    }

    private sealed class Released : IDisposable
    {
        public static readonly Released Instance = new();
        public void Dispose() { }
    }
}
