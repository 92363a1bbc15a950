namespace ConsentFlow.Web.Studio.Diagram;

public readonly record struct DiagramPoint(double X, double Y);

/// <summary>A step placed on the canvas: (<see cref="X"/>, <see cref="Y"/>) is its top-left corner.</summary>
public sealed record PlacedNode(GraphNode Node, int Layer, int Order, double X, double Y, double Width, double Height)
{
    public double CenterX => X + Width / 2;
    public double CenterY => Y + Height / 2;
    public double Right => X + Width;
    public double Bottom => Y + Height;
}

/// <summary>Which side of <see cref="PlacedEdge.LabelAt"/> a label extends to, so the labels of diverging arrows move apart.</summary>
public enum LabelSide { Left, Centre, Right }

/// <summary>An arrow as a polyline; a back edge (a loop back to an earlier step) runs up the right-hand side.</summary>
public sealed record PlacedEdge(GraphEdge Edge, bool IsBackEdge, IReadOnlyList<DiagramPoint> Points, DiagramPoint LabelAt, LabelSide LabelSide = LabelSide.Centre);

/// <summary>The whole diagram: every step of the definition once, top to bottom by layer.</summary>
public sealed record DiagramLayout(double Width, double Height, int LayerCount, IReadOnlyList<PlacedNode> Nodes, IReadOnlyList<PlacedEdge> Edges)
{
    public PlacedNode? Find(string stepId) => Nodes.FirstOrDefault(n => n.Node.StepId == stepId);
}

/// <summary>Sizes of the drawing, in SVG user units.</summary>
public sealed record LayoutOptions
{
    public double NodeWidth { get; init; } = 196;
    public double NodeHeight { get; init; } = 66;
    /// <summary>Vertical room between two layers, where the arrows and their labels go.</summary>
    public double LayerGap { get; init; } = 74;
    public double ColumnGap { get; init; } = 40;
    /// <summary>Width reserved for an arrow passing through a layer it does not stop in.</summary>
    public double PassageWidth { get; init; } = 18;
    public double Margin { get; init; } = 24;
    /// <summary>Room right of the loops for their labels.</summary>
    public double LoopLabelRoom { get; init; } = 150;
    public int OrderingSweeps { get; init; } = 24;
    public int PlacementSweeps { get; init; } = 12;

    public static readonly LayoutOptions Default = new();
}
