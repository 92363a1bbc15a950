using Microsoft.Extensions.Logging;

namespace ConsentFlow.Bench.Peer;

/// <summary>
/// Prints WorkflowCore's warnings and errors to stderr. A step failure would otherwise only show up as a
/// journey that never finishes; the console logger package is not among the central package versions.
/// </summary>
internal sealed class StderrWarningLoggerProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new StderrLogger(categoryName);
    public void Dispose() { }

    private sealed class StderrLogger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) Console.Error.WriteLine($"[{logLevel}] {category}: {formatter(state, exception)} {exception?.Message}");
        }
    }
}
