namespace ConsentFlow.Web.Studio.Diagram;

/// <summary>
/// A layered (Sugiyama) drawing of a workflow graph, top to bottom: loops are found by a depth-first walk from the start
/// and drawn as back edges; the other steps get the layer of their longest path from the start (so the paths of a
/// parallel step sit side by side in one layer); arrows that skip layers pass through placeholders; each layer is
/// ordered by the barycentre of its neighbours to cut crossings; and x positions are the closest to the neighbours'
/// that keep the order and the gaps (isotonic regression), so no two steps overlap.
/// </summary>
/// <remarks>
/// Hand-written rather than GraphShape's Sugiyama: the diagram needs to know which arrows are loops and which layer
/// each step is in (tests and the instance view rely on both), and the graphs are a few dozen steps, so a small
/// deterministic implementation is easier to keep right than adapting a general framework's output.
/// </remarks>
public static class LayeredLayout
{
    private sealed class Vertex(int index, GraphNode? node, double width)
    {
        public int Index { get; } = index;
        public GraphNode? Node { get; } = node;
        public double Width { get; } = width;
        public int Layer { get; set; }
        public int Order { get; set; }
        public double X { get; set; }
        public double Rank { get; set; }
        public List<Vertex> Up { get; } = [];
        public List<Vertex> Down { get; } = [];
    }

    public static DiagramLayout Arrange(WorkflowGraph graph, LayoutOptions? options = null)
    {
        options ??= LayoutOptions.Default;
        var vertices = graph.Nodes.Select((node, i) => new Vertex(i, node, options.NodeWidth)).ToList();
        var byId = vertices.ToDictionary(v => v.Node!.StepId, StringComparer.Ordinal);
        var backEdges = FindBackEdges(graph, byId);
        var forward = graph.Edges.Where(e => !backEdges.Contains(e)).ToList();

        AssignLayers(vertices, forward, byId);
        var chains = AddPassages(vertices, forward, byId, options);
        var layers = OrderLayers(vertices, graph, byId, options);
        PlaceHorizontally(layers, options);

        var rowHeight = options.NodeHeight + options.LayerGap;
        double Top(int layer) => options.Margin + layer * rowHeight;
        var placed = vertices.Where(v => v.Node is not null).Select(v => new PlacedNode(v.Node!, v.Layer, v.Order,
            v.X - options.NodeWidth / 2, Top(v.Layer), options.NodeWidth, options.NodeHeight)).ToList();
        var placedById = placed.ToDictionary(p => p.Node.StepId, StringComparer.Ordinal);

        var edges = new List<PlacedEdge>();
        foreach (var edge in graph.Edges)
        {
            var from = placedById[edge.From];
            var to = placedById[edge.To];
            if (backEdges.Contains(edge)) continue;
            List<DiagramPoint> points = [new(from.CenterX, from.Bottom)];
            points.AddRange(chains[edge].Select(p => new DiagramPoint(p.X, Top(p.Layer) + options.NodeHeight / 2)));
            points.Add(new(to.CenterX, to.Y));
            // Halfway down the gap below the source, on the arrow's first segment.
            var drop = points[1].Y - points[0].Y;
            var along = drop <= 0 ? 0.5 : Math.Min(1, options.LayerGap / 2 / drop);
            var label = new DiagramPoint(points[0].X + (points[1].X - points[0].X) * along, points[0].Y + drop * along);
            var slope = points[1].X - points[0].X;
            var side = Math.Abs(slope) < 12 ? LabelSide.Centre : slope < 0 ? LabelSide.Left : LabelSide.Right;
            edges.Add(new PlacedEdge(edge, IsBackEdge: false, points, label, side));
        }

        var right = placed.Select(p => p.Right).Append(vertices.Select(v => v.X + v.Width / 2).DefaultIfEmpty(0).Max()).DefaultIfEmpty(0).Max();
        var loopLane = 0;
        foreach (var edge in graph.Edges.Where(backEdges.Contains))
        {
            var from = placedById[edge.From];
            var to = placedById[edge.To];
            var (low, high) = (Math.Min(from.Layer, to.Layer), Math.Max(from.Layer, to.Layer));
            var clear = vertices.Where(v => v.Layer >= low && v.Layer <= high).Select(v => v.X + v.Width / 2).DefaultIfEmpty(from.Right).Max();
            var lane = clear + 24 + 14 * loopLane++;
            List<DiagramPoint> points = [new(from.Right, from.CenterY + 8), new(lane, from.CenterY + 8), new(lane, to.CenterY - 8), new(to.Right, to.CenterY - 8)];
            edges.Add(new PlacedEdge(edge, IsBackEdge: true, points, new DiagramPoint(lane, (from.CenterY + to.CenterY) / 2), LabelSide.Right));
            right = Math.Max(right, lane);
        }

        var layerCount = vertices.Count == 0 ? 0 : vertices.Max(v => v.Layer) + 1;
        var width = right + (loopLane > 0 ? options.LoopLabelRoom : 0) + options.Margin;
        var height = options.Margin * 2 + Math.Max(0, layerCount * rowHeight - options.LayerGap);
        return new DiagramLayout(width, height, layerCount, placed, edges);
    }

    /// <summary>Depth-first from the start (then from any step it cannot reach): an arrow to a step still on the walk closes a loop.</summary>
    private static HashSet<GraphEdge> FindBackEdges(WorkflowGraph graph, Dictionary<string, Vertex> byId)
    {
        var outgoing = graph.Edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 on the walk, 2 finished
        var back = new HashSet<GraphEdge>();
        var roots = byId.ContainsKey(graph.Start) ? [graph.Start, .. graph.Nodes.Select(n => n.StepId)] : graph.Nodes.Select(n => n.StepId).ToList();
        foreach (var root in roots)
        {
            if (state.ContainsKey(root)) continue;
            // Iterative, so a long definition cannot overflow the stack.
            var stack = new Stack<(string Step, int Next)>();
            stack.Push((root, 0));
            state[root] = 1;
            while (stack.Count > 0)
            {
                var (step, next) = stack.Pop();
                var edges = outgoing.GetValueOrDefault(step) ?? [];
                if (next >= edges.Count)
                {
                    state[step] = 2;
                    continue;
                }
                stack.Push((step, next + 1));
                var edge = edges[next];
                switch (state.GetValueOrDefault(edge.To))
                {
                    case 1: back.Add(edge); break;
                    case 0:
                        state[edge.To] = 1;
                        stack.Push((edge.To, 0));
                        break;
                }
            }
        }
        return back;
    }

    /// <summary>Longest path from the start over the forward arrows (Kahn's order).</summary>
    private static void AssignLayers(List<Vertex> vertices, List<GraphEdge> forward, Dictionary<string, Vertex> byId)
    {
        var incoming = vertices.ToDictionary(v => v, _ => 0);
        foreach (var edge in forward) incoming[byId[edge.To]]++;
        var outgoing = forward.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => byId[e.To]).ToList(), StringComparer.Ordinal);
        var ready = new Queue<Vertex>(vertices.Where(v => incoming[v] == 0));
        while (ready.TryDequeue(out var vertex))
            foreach (var target in outgoing.GetValueOrDefault(vertex.Node!.StepId) ?? [])
            {
                target.Layer = Math.Max(target.Layer, vertex.Layer + 1);
                if (--incoming[target] == 0) ready.Enqueue(target);
            }
    }

    /// <summary>An arrow that skips layers gets a placeholder in each layer it crosses, so the ordering can route it.</summary>
    private static Dictionary<GraphEdge, List<Vertex>> AddPassages(List<Vertex> vertices, List<GraphEdge> forward,
        Dictionary<string, Vertex> byId, LayoutOptions options)
    {
        var chains = new Dictionary<GraphEdge, List<Vertex>>();
        foreach (var edge in forward)
        {
            var from = byId[edge.From];
            var to = byId[edge.To];
            var chain = new List<Vertex>();
            var previous = from;
            for (var layer = from.Layer + 1; layer < to.Layer; layer++)
            {
                var passage = new Vertex(vertices.Count, null, options.PassageWidth) { Layer = layer };
                vertices.Add(passage);
                Link(previous, passage);
                chain.Add(passage);
                previous = passage;
            }
            Link(previous, to);
            chains[edge] = chain;
        }
        return chains;
    }

    private static void Link(Vertex upper, Vertex lower)
    {
        upper.Down.Add(lower);
        lower.Up.Add(upper);
    }

    /// <summary>Starts from the definition's own order (depth-first), then sweeps down and up by barycentre, keeping the ordering with fewest crossings.</summary>
    private static List<List<Vertex>> OrderLayers(List<Vertex> vertices, WorkflowGraph graph, Dictionary<string, Vertex> byId, LayoutOptions options)
    {
        var discovery = DiscoveryOrder(graph, byId);
        var layerCount = vertices.Count == 0 ? 0 : vertices.Max(v => v.Layer) + 1;
        var layers = Enumerable.Range(0, layerCount).Select(_ => new List<Vertex>()).ToList();
        foreach (var vertex in vertices)
        {
            // A placeholder starts beside the step its arrow leaves from.
            var origin = vertex;
            while (origin.Node is null) origin = origin.Up[0];
            vertex.Rank = discovery.GetValueOrDefault(origin, vertex.Index) + (vertex.Node is null ? 0.5 + vertex.Layer * 0.001 : 0);
            layers[vertex.Layer].Add(vertex);
        }
        foreach (var layer in layers) Renumber(layer, layer.OrderBy(v => v.Rank).ThenBy(v => v.Index).ToList());

        var best = Snapshot(layers);
        var fewest = Crossings(layers);
        for (var sweep = 0; sweep < options.OrderingSweeps && fewest > 0; sweep++)
        {
            var downward = sweep % 2 == 0;
            var sequence = downward ? Enumerable.Range(1, layerCount - 1) : Enumerable.Range(0, Math.Max(0, layerCount - 1)).Reverse();
            foreach (var index in sequence)
            {
                var layer = layers[index];
                foreach (var vertex in layer)
                {
                    var neighbours = downward ? vertex.Up : vertex.Down;
                    if (neighbours.Count > 0) vertex.Rank = neighbours.Average(n => (double)n.Order);
                    else vertex.Rank = vertex.Order;
                }
                Renumber(layer, layer.OrderBy(v => v.Rank).ThenBy(v => v.Order).ToList());
            }
            var crossings = Crossings(layers);
            if (crossings < fewest)
            {
                fewest = crossings;
                best = Snapshot(layers);
            }
        }
        for (var i = 0; i < layers.Count; i++) Renumber(layers[i], best[i]);
        return layers;
    }

    private static Dictionary<Vertex, int> DiscoveryOrder(WorkflowGraph graph, Dictionary<string, Vertex> byId)
    {
        var order = new Dictionary<Vertex, int>();
        var outgoing = graph.Edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList(), StringComparer.Ordinal);
        var roots = byId.ContainsKey(graph.Start) ? [graph.Start, .. graph.Nodes.Select(n => n.StepId)] : graph.Nodes.Select(n => n.StepId).ToList();
        foreach (var root in roots)
        {
            var stack = new Stack<string>([root]);
            while (stack.TryPop(out var step))
            {
                if (!order.TryAdd(byId[step], order.Count)) continue;
                foreach (var next in Enumerable.Reverse(outgoing.GetValueOrDefault(step) ?? [])) stack.Push(next);
            }
        }
        return order;
    }

    private static void Renumber(List<Vertex> layer, List<Vertex> ordered)
    {
        layer.Clear();
        layer.AddRange(ordered);
        for (var i = 0; i < layer.Count; i++) layer[i].Order = i;
    }

    private static List<List<Vertex>> Snapshot(List<List<Vertex>> layers) => layers.Select(l => l.ToList()).ToList();

    /// <summary>Pairs of arrows between two neighbouring layers that cross.</summary>
    private static int Crossings(List<List<Vertex>> layers)
    {
        var total = 0;
        foreach (var layer in layers)
        {
            var segments = layer.SelectMany(upper => upper.Down.Select(lower => (Upper: upper.Order, Lower: lower.Order))).ToList();
            for (var i = 0; i < segments.Count; i++)
                for (var j = i + 1; j < segments.Count; j++)
                    if ((segments[i].Upper - segments[j].Upper) * (segments[i].Lower - segments[j].Lower) < 0) total++;
        }
        return total;
    }

    /// <summary>Moves each vertex towards its neighbours' mean x while keeping the layer's order and gaps; then shifts everything right of the margin.</summary>
    private static void PlaceHorizontally(List<List<Vertex>> layers, LayoutOptions options)
    {
        foreach (var layer in layers)
        {
            var x = 0.0;
            foreach (var vertex in layer)
            {
                vertex.X = x + vertex.Width / 2;
                x += vertex.Width + options.ColumnGap;
            }
            var shift = x / 2;
            foreach (var vertex in layer) vertex.X -= shift;
        }
        for (var sweep = 0; sweep < options.PlacementSweeps; sweep++)
        {
            var downward = sweep % 2 == 0;
            var sequence = downward ? Enumerable.Range(0, layers.Count) : Enumerable.Range(0, layers.Count).Reverse();
            foreach (var index in sequence)
            {
                var layer = layers[index];
                var desired = layer.Select(v =>
                {
                    var neighbours = (downward ? v.Up : v.Down).Concat(sweep > 1 ? (downward ? v.Down : v.Up) : []).ToList();
                    return neighbours.Count > 0 ? neighbours.Average(n => n.X) : v.X;
                }).ToList();
                Place(layer, desired, options.ColumnGap);
            }
        }
        var left = layers.SelectMany(l => l).Select(v => v.X - v.Width / 2).DefaultIfEmpty(0).Min();
        foreach (var vertex in layers.SelectMany(l => l)) vertex.X += options.Margin - left;
    }

    /// <summary>The x positions closest (least squares) to <paramref name="desired"/> that keep the order and the gaps: pool-adjacent-violators.</summary>
    private static void Place(List<Vertex> layer, List<double> desired, double gap)
    {
        if (layer.Count == 0) return;
        var offsets = new double[layer.Count];
        for (var i = 1; i < layer.Count; i++) offsets[i] = offsets[i - 1] + (layer[i - 1].Width + layer[i].Width) / 2 + gap;
        var blocks = new List<(double Sum, int Count)>();
        for (var i = 0; i < layer.Count; i++)
        {
            blocks.Add((desired[i] - offsets[i], 1));
            while (blocks.Count > 1 && blocks[^2].Sum / blocks[^2].Count > blocks[^1].Sum / blocks[^1].Count)
            {
                var merged = (blocks[^2].Sum + blocks[^1].Sum, blocks[^2].Count + blocks[^1].Count);
                blocks.RemoveAt(blocks.Count - 1);
                blocks[^1] = merged;
            }
        }
        var index = 0;
        foreach (var (sum, count) in blocks)
            for (var k = 0; k < count; k++, index++) layer[index].X = sum / count + offsets[index];
    }
}
