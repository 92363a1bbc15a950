namespace ConsentFlow.Cli;

/// <summary>Listings as left-aligned columns, two spaces apart; an empty cell shows as "-" so no column looks shifted.</summary>
internal static class TextTable
{
    public const string None = "-";

    public static async Task WriteAsync(TextWriter output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var lines = rows.Prepend(headers).Select(line => line.Select(cell => cell.Length == 0 ? None : cell).ToList()).ToList();
        var widths = headers.Select((_, column) => lines.Max(line => line[column].Length)).ToList();
        foreach (var line in lines)
            await output.WriteLineAsync(string.Join("  ", line.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd());
    }

    public static string YesNo(bool value) => value ? "yes" : "no";

    public static string Time(DateTime? utc) => utc is { } at ? at.ToString("yyyy-MM-dd HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture) : None;
}
