namespace ConsentFlow.Engine.Runtime;

/// <summary>
/// Where the database allows one writer at a time (SQLite), queueing writers in-process is faster and fairer than
/// letting them spin on a busy database; elsewhere the gate is open and row versions alone arbitrate.
/// </summary>
public sealed class WriteGate
{
    private readonly SemaphoreSlim? _semaphore;
    private readonly Action? _afterWrite;

    private WriteGate(bool serialize, Action? afterWrite)
    {
        _semaphore = serialize ? new SemaphoreSlim(1, 1) : null;
        _afterWrite = afterWrite;
    }

    public static WriteGate Open() => new(serialize: false, afterWrite: null);

    /// <param name="afterWrite">Runs after each write leaves the gate (SQLite schedules its checkpoints there).</param>
    public static WriteGate Serialized(Action? afterWrite = null) => new(serialize: true, afterWrite);

    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (_semaphore is null) return Released.Instance;
        await _semaphore.WaitAsync(cancellationToken);
        return new Releaser(this);
    }

    private void Exit()
    {
        _semaphore!.Release();
        _afterWrite?.Invoke();
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
