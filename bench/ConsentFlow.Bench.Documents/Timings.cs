namespace ConsentFlow.Bench.Documents;

/// <summary>Latency samples of one scenario, summarised as median and p99 (nearest rank).</summary>
internal sealed record Timings(string Scenario, IReadOnlyList<double> Milliseconds, TimeSpan WallClock)
{
    public double Median => Percentile(50);
    public double P99 => Percentile(99);
    public double PerSecond => Milliseconds.Count / WallClock.TotalSeconds;

    double Percentile(double p)
    {
        var sorted = Milliseconds.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public override string ToString() =>
        $"{Scenario,-46} n={Milliseconds.Count,4}  median {Median,8:F2} ms  p99 {P99,8:F2} ms  {PerSecond,7:F1} docs/s";
}
