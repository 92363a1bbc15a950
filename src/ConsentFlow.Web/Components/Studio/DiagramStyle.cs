using ConsentFlow.Engine.Definitions;
using ConsentFlow.Web.Studio.Diagram;

namespace ConsentFlow.Web.Components.Studio;

/// <summary>How each kind of step and each state is drawn: a shape and a word for every kind, so colour is never the only cue.</summary>
internal static class DiagramStyle
{
    public sealed record KindLook(string Shape, string Fill, string Stroke, string TextColor, string Glyph);

    public static KindLook Look(StepKind kind) => kind switch
    {
        StepKind.HumanTask => new("rounded-rect", "#e3f0fb", "#1f5f8b", "#0d2a3d", "✎"),
        StepKind.Signature => new("double-rect", "#f3e9fb", "#6a1b9a", "#2e0b45", "✍"),
        StepKind.Decision => new("diamond", "#fff4d6", "#8a4f00", "#3d2400", "?"),
        StepKind.Parallel => new("bar", "#eceff1", "#37474f", "#1c262b", "⇉"),
        StepKind.Join => new("bar", "#eceff1", "#37474f", "#1c262b", "⇊"),
        StepKind.Timer => new("ellipse", "#e0f2f1", "#00695c", "#00332c", "◷"),
        StepKind.HardStop => new("octagon", "#fdecea", "#c62828", "#5c0d0d", "⊘"),
        StepKind.Escalation => new("hexagon", "#fff0e0", "#b34700", "#4a1d00", "⚑"),
        StepKind.End => new("stadium", "#37474f", "#1c262b", "#ffffff", "■"),
        StepKind.Milestone => new("banner", "#e8f5e9", "#2e7d32", "#0f3d12", "★"),
        _ => new("rounded-rect", "#ffffff", "#555555", "#000000", "•"),
    };

    public static string KindName(StepKind kind, UiState ui) => kind switch
    {
        StepKind.HumanTask => ui.T("Task", "Tarea"),
        StepKind.Signature => ui.T("Signature", "Firma"),
        StepKind.Decision => ui.T("Decision", "Decisión"),
        StepKind.Parallel => ui.T("Parallel start", "Inicio en paralelo"),
        StepKind.Join => ui.T("Join", "Unión"),
        StepKind.Timer => ui.T("Timer", "Espera"),
        StepKind.HardStop => ui.T("Hard stop", "Parada obligatoria"),
        StepKind.Escalation => ui.T("Escalation", "Escalamiento"),
        StepKind.End => ui.T("End", "Fin"),
        StepKind.Milestone => ui.T("Milestone", "Hito"),
        _ => kind.ToString(),
    };

    public static string StateName(StepState state, UiState ui) => state switch
    {
        StepState.Done => ui.T("Done", "Hecho"),
        StepState.Active => ui.T("Active", "En curso"),
        StepState.Waiting => ui.T("Waiting", "En espera"),
        StepState.Blocked => ui.T("Blocked", "Bloqueado"),
        _ => ui.T("Not reached", "Sin alcanzar"),
    };

    public static string StateGlyph(StepState state) => state switch
    {
        StepState.Done => "✓",
        StepState.Active => "▶",
        StepState.Waiting => "●",
        StepState.Blocked => "✖",
        _ => "",
    };

    public static string StateColor(StepState state) => state switch
    {
        StepState.Done => "#2e7d32",
        StepState.Active or StepState.Waiting => "#1565c0",
        StepState.Blocked => "#c62828",
        _ => "#757575",
    };

    /// <summary>The outline of a shape in a w×h box, as SVG points or a rect radius.</summary>
    public static string Polygon(string shape, double w, double h) => shape switch
    {
        "diamond" => Points((w / 2, 0), (w, h / 2), (w / 2, h), (0, h / 2)),
        "octagon" => Points((h * 0.3, 0), (w - h * 0.3, 0), (w, h * 0.3), (w, h * 0.7), (w - h * 0.3, h), (h * 0.3, h), (0, h * 0.7), (0, h * 0.3)),
        "hexagon" => Points((h * 0.35, 0), (w - h * 0.35, 0), (w, h / 2), (w - h * 0.35, h), (h * 0.35, h), (0, h / 2)),
        "banner" => Points((0, 0), (w, 0), (w - 16, h / 2), (w, h), (0, h)),
        _ => "",
    };

    private static string Points(params (double X, double Y)[] points) =>
        string.Join(" ", points.Select(p => $"{Num(p.X)},{Num(p.Y)}"));

    public static string Num(double value) => value.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Up to two lines of about <paramref name="perLine"/> characters, cut at words; the last ends with … when the title is longer.</summary>
    public static IReadOnlyList<string> Wrap(string text, int perLine, int maxLines = 2)
    {
        var lines = new List<string>();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (lines.Count > 0 && lines[^1].Length + 1 + word.Length <= perLine) lines[^1] += " " + word;
            else lines.Add(Shorten(word, perLine));
        }
        if (lines.Count <= maxLines) return lines;
        var kept = lines.Take(maxLines).ToList();
        kept[^1] = Shorten(kept[^1] + " …", perLine).TrimEnd('…').TrimEnd() + "…";
        return kept;
    }

    public static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
