using System.Text;

namespace ConsentFlow.Engine.Definitions;

internal static class JsonPaths
{
    /// <summary>Turns a JSON Pointer (<c>/steps/3/next</c>) into the JSONPath people read (<c>$.steps[3].next</c>).</summary>
    public static string FromPointer(string pointer)
    {
        var path = new StringBuilder("$");
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw.Replace("~1", "/").Replace("~0", "~");
            if (int.TryParse(segment, out var index)) path.Append('[').Append(index).Append(']');
            else path.Append('.').Append(segment);
        }
        return path.ToString();
    }
}
