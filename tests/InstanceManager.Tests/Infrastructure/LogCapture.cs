using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace InstanceManager.Tests.Infrastructure;

/// <summary>Records every log entry of every category at every level: message, state values and exception.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(EventId EventId, LogLevel Level, string Text)> _entries = new();

    public IReadOnlyList<(EventId EventId, LogLevel Level, string Text)> Entries => _entries.ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(pair => $"{pair.Key}={pair.Value}")) : "";
            capture._entries.Enqueue((eventId, logLevel, $"{category} {formatter(state, exception)} {values} {exception}"));
        }
    }
}
