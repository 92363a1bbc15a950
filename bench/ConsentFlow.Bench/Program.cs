using ConsentFlow.Bench;
using ConsentFlow.Bench.Harness;

// Load driver for issue 2: ConsentFlow on SQLite against WorkflowCore 3.22.0 in memory, same journey, same process.
if (args.Contains("--board")) return await ConsentFlow.Bench.Board.BoardCommand.RunAsync(args); // issue 8: the worklist at 100,000 cases
BenchOptions options;
try { options = BenchOptions.Parse(args); }
catch (ArgumentException ex) { Console.Error.WriteLine(ex.Message); Console.Error.WriteLine(BenchOptions.Usage); return 2; }

var systems = SystemsUnderTest.For(options);
Console.WriteLine(options.MemoryMode
    ? $"memory mode: {options.MemoryInstances} active instances per system, {systems.Count} systems, limit {options.TimeLimit.TotalSeconds:F0} s each"
    : $"load mode: {options.Journeys} concurrent journeys × {JourneyShape.SubmissionsPerJourney} measured submissions (the {WorkloadShape.Peld.Label} adds {WorkloadShape.Peld.UnitsOfWork - WorkloadShape.PeersJourney.UnitsOfWork} on the consent path), concurrency {options.Concurrency}, {systems.Count} systems, limit {options.TimeLimit.TotalSeconds:F0} s each");
Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}");

var loads = new List<LoadResult>();
var memories = new List<MemoryResult>();
var paced = new List<LoadResult>();
foreach (var createDriver in systems)
{
    // Throwaway warm-up instances: JIT and first-use costs must not land on whichever system happens to run first.
    var warmedUp = await WarmUp.RunAsync(createDriver, options.Concurrency, options.TimeLimit);
    SettledMemory.Measure();

    await using (var driver = createDriver())
    {
        Console.WriteLine($"running {driver.Name} … ({warmedUp})");
        if (options.MemoryMode) memories.Add(await MemoryRun.RunAsync(driver, options.MemoryInstances, options.Concurrency, options.TimeLimit));
        else loads.Add(await LoadRun.RunAsync(driver, options.Journeys, options.Concurrency, options.TimeLimit));
    }
    SettledMemory.Measure(); // let the next system start from a collected heap
    if (options.MemoryMode || options.PacedRate is not { } rate) continue;

    await using (var driver = createDriver())
    {
        Console.WriteLine($"running {driver.Name} at {rate:F0} submissions/s …");
        paced.Add(await LoadRun.RunAsync(driver, options.Journeys, options.Concurrency, options.TimeLimit, new Pacer(rate)));
    }
    SettledMemory.Measure();
}

if (options.MemoryMode) SummaryTable.PrintMemory(memories);
else SummaryTable.PrintLoad(loads, paced);
return loads.Concat(paced).Any(r => r.Failure is not null || r.TimedOut) || memories.Any(r => r.Failure is not null || r.TimedOut) ? 1 : 0;
