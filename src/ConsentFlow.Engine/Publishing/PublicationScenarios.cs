using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Scenarios;
using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Engine.Publishing;

/// <summary>One scenario's outcome against a draft, in the words of <c>consentflow test</c>.</summary>
public sealed record DraftScenarioOutcome(string Name, string File, bool Passed, double Seconds, IReadOnlyList<string> Failures, IReadOnlyList<string> Trace)
{
    /// <summary>The line <c>consentflow test</c> prints for it: <c>PASS  name  (file, 0.4 s)</c>.</summary>
    public string Headline => $"{(Passed ? "PASS" : "FAIL")}  {Name}  ({File}, {Seconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} s)";
}

/// <summary>Every scenario of the draft's workflow, run against the draft's text.</summary>
public sealed record DraftScenarioReport(string DefinitionId, string DraftSha256, IReadOnlyList<DraftScenarioOutcome> Scenarios, IReadOnlyList<string> FileProblems)
{
    public int PassedCount => Scenarios.Count(s => s.Passed);
    public int FailedCount => Scenarios.Count(s => !s.Passed);
    /// <summary>Nothing failed and every scenario file could be read: the publish gate is open.</summary>
    public bool Passed => FailedCount == 0 && FileProblems.Count == 0;
    public string Summary => $"{PassedCount} passed, {FailedCount} failed" + (FileProblems.Count > 0 ? $", {FileProblems.Count} file problem(s)" : "") + ".";
}

/// <summary>
/// Runs the scenario files (<c>workflows/scenarios</c>) whose workflow is the draft's against the draft text, each on its
/// own throwaway database. The last reports are kept by the draft's hash, so the publish gate does not run them twice.
/// </summary>
public sealed class PublicationScenarios(PublicationScenarioOptions options)
{
    private const int KeptReports = 16;
    private readonly ConcurrentDictionary<string, (DraftScenarioReport Report, DateTime At)> _reports = new();
    private readonly SemaphoreSlim _oneRunAtATime = new(1, 1);

    /// <summary>The report of this exact draft when it was run already, else null.</summary>
    public DraftScenarioReport? Known(string draftJson) => _reports.TryGetValue(Sha256(draftJson), out var kept) ? kept.Report : null;

    public async Task<DraftScenarioReport> RunAsync(string draftJson, CancellationToken cancellationToken)
    {
        var (definition, problems) = DefinitionLoader.Check(draftJson, "draft");
        if (definition is null) throw new InvalidDefinitionException(problems);
        var hash = Sha256(draftJson);
        if (_reports.TryGetValue(hash, out var kept)) return kept.Report;

        // Scenarios are heavy (a database each); one run at a time keeps the clinic's app responsive.
        await _oneRunAtATime.WaitAsync(cancellationToken);
        try
        {
            if (_reports.TryGetValue(hash, out kept)) return kept.Report;
            var report = await RunAllAsync(definition.Id, draftJson, hash, cancellationToken);
            _reports[hash] = (report, DateTime.UtcNow);
            foreach (var old in _reports.OrderByDescending(r => r.Value.At).Skip(KeptReports)) _reports.TryRemove(old.Key, out _);
            return report;
        }
        finally
        {
            _oneRunAtATime.Release();
        }
    }

    private async Task<DraftScenarioReport> RunAllAsync(string definitionId, string draftJson, string hash, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(options.ScenariosFolder)) return new DraftScenarioReport(definitionId, hash, [], []);
        var (scenarios, problems) = await ScenarioLoader.LoadAsync(options.ScenariosFolder, cancellationToken);
        var ours = new List<Scenario>();
        foreach (var scenario in scenarios)
            if (await WorkflowIdAsync(scenario.WorkflowFile, cancellationToken) == definitionId) ours.Add(scenario);

        // Each scenario has its own database and clock, so several run at once; the report keeps the files' order.
        var outcomes = new DraftScenarioOutcome[ours.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, ours.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism), CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var result = await ScenarioRunner.RunAsync(ours[i], draftJson, options.Database, token);
                outcomes[i] = new DraftScenarioOutcome(ours[i].Name, Path.GetFileName(ours[i].File), result.Passed, result.Elapsed.TotalSeconds,
                    result.Failures.Select(f => f.ToString()).ToList(), result.Trace);
            });
        return new DraftScenarioReport(definitionId, hash, outcomes, problems.Select(p => p.ToString()).ToList());
    }

    private readonly ConcurrentDictionary<string, string?> _workflowIds = new();

    private async Task<string?> WorkflowIdAsync(string file, CancellationToken cancellationToken)
    {
        if (_workflowIds.TryGetValue(file, out var id)) return id;
        try
        {
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(file, cancellationToken));
            id = document.RootElement.TryGetProperty("id", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException)
        {
            id = null;
        }
        return _workflowIds[file] = id;
    }

    internal static string Sha256(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
}

/// <param name="ScenariosFolder">Where the <c>*.scenario.json</c> files are (the workflows folder's <c>scenarios/</c>).</param>
/// <param name="Database">Creates the throwaway database a scenario runs on, in the folder it is given.</param>
/// <param name="Parallelism">How many scenarios run at once (they mostly wait on their database files).</param>
public sealed record PublicationScenarioOptions(string ScenariosFolder, Func<string, StorageProvider> Database, int Parallelism = 4);
