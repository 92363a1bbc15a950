using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace ConsentFlow.Web.Tests.Support;

/// <summary>
/// A logger provider that keeps everything written at any level: the formatted message, every structured value, the
/// scopes and the full exception, so a test can search all of the app's log output.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public int Count => _entries.Count;

    public string Text => string.Join('\n', _entries);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() { }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var entry = new StringBuilder($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)}");
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
                foreach (var (key, value) in values) entry.Append($" | {key}={value}");
            capture._scopes.ForEachScope((scope, text) => text.Append($" | scope={scope}"), entry);
            if (exception is not null) entry.Append('\n').Append(exception);
            capture._entries.Enqueue(entry.ToString());
        }
    }
}
