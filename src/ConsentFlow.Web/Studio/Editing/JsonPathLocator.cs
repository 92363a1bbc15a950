using System.Text;
using System.Text.Json;

namespace ConsentFlow.Web.Studio.Editing;

/// <summary>Where something is in the editor's text: 1-based lines and UTF-16 columns, as Monaco counts them (end exclusive).</summary>
public sealed record TextSpan(int StartLine, int StartColumn, int EndLine, int EndColumn);

/// <summary>
/// Finds the text a validation problem's JSON path (<c>$.steps[3].rules[0].when</c>) points at, so it can be marked
/// in the editor. A path into something that is missing (a required property) lands on the deepest part that exists.
/// </summary>
public static class JsonPathLocator
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The span of the member (name through value) or array item at <paramref name="jsonPath"/>; for an object or
    /// array only its first line, so a problem about a whole step does not paint the step. Null when the text is not JSON.</summary>
    public static TextSpan? Locate(string text, string jsonPath)
    {
        var target = Parse(jsonPath);
        var bytes = Encoding.UTF8.GetBytes(text);
        var found = Find(bytes, target);
        if (found is null) return null;
        var (start, end, container) = found.Value;
        var lines = new LineIndex(bytes);
        var from = lines.Position(start);
        if (container) return new TextSpan(from.Line, from.Column, from.Line, lines.LineEndColumn(from.Line));
        var to = lines.Position(end);
        return new TextSpan(from.Line, from.Column, to.Line, to.Column);
    }

    /// <summary>The path's segments: property names (string) and array indexes (int).</summary>
    public static IReadOnlyList<object> Parse(string jsonPath)
    {
        var segments = new List<object>();
        var path = jsonPath.Trim();
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = i + 1;
                while (end < path.Length && path[end] != '.' && path[end] != '[') end++;
                if (end > i + 1) segments.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0) break;
                var inside = path[(i + 1)..close].Trim();
                if (int.TryParse(inside, out var index)) segments.Add(index);
                else segments.Add(inside.Trim('\'', '"'));
                i = close + 1;
            }
            else
            {
                var end = i;
                while (end < path.Length && path[end] != '.' && path[end] != '[') end++;
                segments.Add(path[i..end]);
                i = end;
            }
        }
        return segments;
    }

    /// <summary>Byte offsets of the deepest existing node on the path: start (its name, for a member), end of its value,
    /// and whether the value is an object or array.</summary>
    private static (long Start, long End, bool Container)? Find(byte[] bytes, IReadOnlyList<object> target)
    {
        var reader = new Utf8JsonReader(bytes, ReaderOptions);
        // The path of the value about to be read, and for each open container the index of its next item.
        var path = new List<object>();
        var arrayIndexes = new Stack<int>();
        var containers = new Stack<bool>(); // true = array
        long pendingNameStart = -1;
        (long, long, bool)? best = null;
        var bestDepth = -1;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        path.Add(reader.GetString()!);
                        pendingNameStart = reader.TokenStartIndex;
                        continue;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        containers.Pop();
                        if (reader.TokenType == JsonTokenType.EndArray) arrayIndexes.Pop();
                        EndValue();
                        continue;
                }

                // A value starts: an item of the enclosing array takes its index as its path segment.
                var inArray = containers.Count > 0 && containers.Peek();
                if (inArray) path.Add(arrayIndexes.Peek());
                var start = pendingNameStart >= 0 && !inArray ? pendingNameStart : reader.TokenStartIndex;
                pendingNameStart = -1;
                var matched = Matches(path, target);
                var container = reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray;
                if (matched && path.Count > bestDepth)
                {
                    var end = container ? reader.TokenStartIndex + 1 : reader.TokenStartIndex + ValueLength(ref reader);
                    best = (start, end, container);
                    bestDepth = path.Count;
                    if (path.Count == target.Count) return best;
                }
                if (container)
                {
                    containers.Push(reader.TokenType == JsonTokenType.StartArray);
                    if (reader.TokenType == JsonTokenType.StartArray) arrayIndexes.Push(0);
                }
                else EndValue();
            }
        }
        catch (JsonException)
        {
            return best;
        }
        return best;

        void EndValue()
        {
            // The value of a member or an item is complete: drop its segment, count the item.
            if (path.Count > 0) path.RemoveAt(path.Count - 1);
            if (containers.Count > 0 && containers.Peek()) arrayIndexes.Push(arrayIndexes.Pop() + 1);
        }
    }

    private static bool Matches(List<object> path, IReadOnlyList<object> target)
    {
        if (path.Count > target.Count) return false;
        for (var i = 0; i < path.Count; i++)
            if (!Equals(path[i], target[i])) return false;
        return true;
    }

    private static long ValueLength(ref Utf8JsonReader reader) =>
        // String tokens exclude their quotes; escaped strings report their raw (escaped) length.
        reader.TokenType == JsonTokenType.String
            ? (reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length) + 2
            : reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;

    /// <summary>Byte offset → line and UTF-16 column.</summary>
    private sealed class LineIndex
    {
        private readonly byte[] _bytes;
        private readonly List<int> _lineStarts = [0];

        public LineIndex(byte[] bytes)
        {
            _bytes = bytes;
            for (var i = 0; i < bytes.Length; i++)
                if (bytes[i] == (byte)'\n') _lineStarts.Add(i + 1);
        }

        public (int Line, int Column) Position(long offset)
        {
            var index = _lineStarts.BinarySearch((int)offset);
            var line = index >= 0 ? index : ~index - 1;
            var column = Encoding.UTF8.GetCharCount(_bytes, _lineStarts[line], (int)offset - _lineStarts[line]) + 1;
            return (line + 1, column);
        }

        public int LineEndColumn(int line)
        {
            var start = _lineStarts[line - 1];
            var end = line < _lineStarts.Count ? _lineStarts[line] - 1 : _bytes.Length;
            if (end > start && _bytes[end - 1] == (byte)'\r') end--;
            return Encoding.UTF8.GetCharCount(_bytes, start, Math.Max(0, end - start)) + 1;
        }
    }
}
