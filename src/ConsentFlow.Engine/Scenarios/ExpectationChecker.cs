using ConsentFlow.Engine.Runtime;

namespace ConsentFlow.Engine.Scenarios;

/// <summary>Compares the live case with an <c>expect</c> step; each mismatch names its JSON path, the expected and the actual value.</summary>
internal static class ExpectationChecker
{
    public static async Task<IReadOnlyList<ScenarioProblem>> CheckAsync(
        CaseDriver driver, ScenarioExpectation expect, string file, string at, CancellationToken cancellationToken)
    {
        var failures = new List<ScenarioProblem>();
        void Fail(string path, string message) => failures.Add(new ScenarioProblem(file, $"{at}.{path}", message));

        var readiness = await driver.ReadinessAsync(cancellationToken);
        var blockers = readiness.Blockers.Select(b => b.Message).ToList();
        var open = (await driver.OpenTasksAsync(cancellationToken)).Select(CaseDriver.Label).Order(StringComparer.Ordinal).ToList();

        if (expect.Readiness is { } state && !string.Equals(state, readiness.State.ToString(), StringComparison.OrdinalIgnoreCase))
            Fail("readiness", $"expected '{state}' but was '{readiness.State.ToString().ToLowerInvariant()}'; blockers: {List(blockers)}");
        if (expect.InstanceStatus is { } status && status != readiness.InstanceStatus)
            Fail("instanceStatus", $"expected '{status}' but was '{readiness.InstanceStatus}'");

        Each(expect.BlockersInclude, "blockersInclude", fragment => blockers.Any(b => Mentions(b, fragment)) ? null
            : $"no blocker mentions '{fragment}'; blockers: {List(blockers)}");
        var phases = (readiness.Phases ?? []).Select(p => p.Message).ToList();
        Each(expect.PhasesInclude, "phasesInclude", fragment => phases.Any(p => Mentions(p, fragment)) ? null
            : $"no procedure-day phase mentions '{fragment}'; phases: {List(phases)}");
        Each(expect.BlockersExclude, "blockersExclude", fragment => blockers.FirstOrDefault(b => Mentions(b, fragment)) is { } found
            ? $"a blocker mentions '{fragment}': \"{found}\"" : null);

        if (expect.OpenTasks is { } exact && !exact.Order(StringComparer.Ordinal).SequenceEqual(open))
            Fail("openTasks", $"expected {List(exact.Order(StringComparer.Ordinal))} but was {List(open)}");
        Each(expect.OpenTasksInclude, "openTasksInclude", task => open.Any(o => IsTask(o, task)) ? null : $"'{task}' is not open; open: {List(open)}");
        Each(expect.OpenTasksExclude, "openTasksExclude", task => open.FirstOrDefault(o => IsTask(o, task)) is { } found ? $"'{found}' is open" : null);

        foreach (var (role, tasks) in expect.OpenTasksFor ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            var inbox = (await driver.OpenTasksAsync(cancellationToken, role)).Select(CaseDriver.Label).Order(StringComparer.Ordinal).ToList();
            foreach (var task in tasks.Where(task => !inbox.Any(o => IsTask(o, task))))
                Fail($"openTasksFor.{role}", $"'{task}' is not in the {role}'s tasks; they have {List(inbox)}");
        }

        if (expect.Consents is { } consents)
        {
            var actual = await driver.ConsentStatusesAsync(cancellationToken);
            if (!consents.SequenceEqual(actual, StringComparer.OrdinalIgnoreCase))
                Fail("consents", $"expected {List(consents)} but was {List(actual)}");
        }
        return failures;

        void Each(IReadOnlyList<string>? items, string name, Func<string, string?> check)
        {
            for (var i = 0; i < (items?.Count ?? 0); i++)
                if (check(items![i]) is { } message) Fail($"{name}[{i}]", message);
        }
    }

    /// <summary>"consent-signature" stands for every signer's task; "consent-signature/witness" for one.</summary>
    private static bool IsTask(string label, string expected) => label == expected || label.StartsWith(expected + "/", StringComparison.Ordinal);

    private static bool Mentions(string blocker, string fragment) => blocker.Contains(fragment, StringComparison.OrdinalIgnoreCase);

    private static string List(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? "[]" : "[" + string.Join(", ", list.Select(i => $"\"{i}\"")) + "]";
    }
}
