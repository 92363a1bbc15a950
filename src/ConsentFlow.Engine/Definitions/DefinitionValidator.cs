using ConsentFlow.Engine.Expressions;

namespace ConsentFlow.Engine.Definitions;

/// <summary>Semantic checks the schema cannot express: references, reachability, roles, forms and rules.</summary>
public static class DefinitionValidator
{
    public static IReadOnlyList<DefinitionProblem> Validate(WorkflowDefinition definition, string file)
    {
        var problems = new List<DefinitionProblem>();
        void Problem(string path, string message) => problems.Add(new DefinitionProblem(file, path, message));

        var stepIndex = IndexUnique(definition.Steps.Select(s => s.Id), "steps", "step", Problem);
        var formIndex = IndexUnique(definition.Forms.Select(f => f.Id), "forms", "form", Problem);
        var knownFields = KnownFields(definition, Problem);

        if (!stepIndex.ContainsKey(definition.Start)) Problem("$.start", $"start step '{definition.Start}' does not exist");

        for (var i = 0; i < definition.Forms.Count; i++)
            CheckFormRules(definition.Forms[i], $"$.forms[{i}]", knownFields, Problem);

        for (var i = 0; i < definition.Steps.Count; i++)
        {
            var step = definition.Steps[i];
            var at = $"$.steps[{i}]";
            foreach (var (path, target) in Transitions(step, at))
                if (!stepIndex.ContainsKey(target)) Problem(path, $"goes to step '{target}', which does not exist");
            if (step.Kind != StepKind.End && !Transitions(step, at).Any(t => t.Path.EndsWith(".next") || t.Path.Contains(".branches") || t.Path.Contains(".paths") || t.Path.EndsWith(".otherwise")))
                Problem(at, $"step '{step.Id}' is not an end step but has no way out");
            CheckRoles(definition, step, at, Problem);
            if (step.Form is { } form && !formIndex.ContainsKey(form)) Problem($"{at}.form", $"form '{form}' is not defined in $.forms");
            if (step.Kind == StepKind.Join && step.Joins is { } joins && stepIndex.TryGetValue(joins, out var split)
                && definition.Steps[split].Kind != StepKind.Parallel)
                Problem($"{at}.joins", $"'{joins}' is not a parallel step");
            foreach (var (path, text) in Rules(step, at)) CheckRule(text, path, knownFields, Problem);
            for (var f = 0; f < step.InvalidatedBy.Count; f++)
                if (!knownFields.Contains(step.InvalidatedBy[f]))
                    Problem($"{at}.invalidatedBy[{f}]", $"'{step.InvalidatedBy[f]}' is not a case field ({string.Join(", ", CaseFields.All.Select(c => "case." + c))})");
            foreach (var (path, text) in Messages(step, at))
                foreach (var expression in MessageTemplate.Expressions(text)) CheckRule(expression, path, knownFields, Problem);
        }

        if (stepIndex.ContainsKey(definition.Start)) CheckReachability(definition, stepIndex, Problem);
        CheckJoins(definition, stepIndex, Problem);
        return problems;
    }

    private static Dictionary<string, int> IndexUnique(IEnumerable<string> ids, string array, string what, Action<string, string> problem)
    {
        var index = new Dictionary<string, int>();
        var i = 0;
        foreach (var id in ids)
        {
            if (!index.TryAdd(id, i)) problem($"$.{array}[{i}].id", $"duplicate {what} id '{id}' (first at $.{array}[{index[id]}])");
            i++;
        }
        return index;
    }

    private static HashSet<string> KnownFields(WorkflowDefinition definition, Action<string, string> problem)
    {
        var known = CaseFields.All.Select(f => $"case.{f}").ToHashSet();
        for (var f = 0; f < definition.Forms.Count; f++)
        {
            var form = definition.Forms[f];
            var seen = new HashSet<string>();
            for (var i = 0; i < form.Fields.Count; i++)
            {
                var field = form.Fields[i];
                if (!seen.Add(field.Id)) problem($"$.forms[{f}].fields[{i}].id", $"duplicate field id '{field.Id}' in form '{form.Id}'");
                known.Add($"{form.Id}.{field.Id}");
                if (field.Min > field.Max) problem($"$.forms[{f}].fields[{i}].min", "min is greater than max");
            }
        }
        return known;
    }

    private static void CheckFormRules(FormDefinition form, string at, HashSet<string> known, Action<string, string> problem)
    {
        for (var i = 0; i < form.Fields.Count; i++)
        {
            var field = form.Fields[i];
            if (field.Expression is { } expression) CheckRule(expression, $"{at}.fields[{i}].expression", known, problem);
            if (field.RequiredWhen is { } requiredWhen) CheckRule(requiredWhen, $"{at}.fields[{i}].requiredWhen", known, problem);
        }
    }

    private static void CheckRule(string text, string path, HashSet<string> known, Action<string, string> problem)
    {
        var rule = Rule.Parse(text);
        if (rule.Error is not null) { problem(path, rule.Error); return; }
        foreach (var name in rule.Parameters.Where(p => !known.Contains(p)))
            problem(path, $"rule names '{name}', which no form defines (use [form.field] or [case.field])");
    }

    private static void CheckRoles(WorkflowDefinition definition, StepDefinition step, string at, Action<string, string> problem)
    {
        void Check(string? role, string path)
        {
            if (role is not null && !definition.Roles.Contains(role)) problem(path, $"role '{role}' is not declared in $.roles");
        }
        Check(step.Role, $"{at}.role");
        for (var i = 0; i < step.OverrideRoles.Count; i++) Check(step.OverrideRoles[i], $"{at}.overrideRoles[{i}]");
        for (var i = 0; i < step.Signers.Count; i++) Check(step.Signers[i].Role, $"{at}.signers[{i}].role");
    }

    internal static IEnumerable<(string Path, string Target)> Transitions(StepDefinition step, string at)
    {
        if (step.Next is { } next) yield return ($"{at}.next", next);
        if (step.Otherwise is { } otherwise) yield return ($"{at}.otherwise", otherwise);
        for (var i = 0; i < step.Branches.Count; i++) yield return ($"{at}.branches[{i}].next", step.Branches[i].Next);
        for (var i = 0; i < step.Paths.Count; i++) yield return ($"{at}.paths[{i}]", step.Paths[i]);
        if (step.Joins is { } joins) yield return ($"{at}.joins", joins);
        if (step.Reconsent is { } reconsent) yield return ($"{at}.reconsent", reconsent);
    }

    private static IEnumerable<(string Path, string Text)> Rules(StepDefinition step, string at)
    {
        for (var i = 0; i < step.Branches.Count; i++) yield return ($"{at}.branches[{i}].when", step.Branches[i].When);
        for (var i = 0; i < step.Rules.Count; i++) yield return ($"{at}.rules[{i}].when", step.Rules[i].When);
        for (var i = 0; i < step.Signers.Count; i++)
            if (step.Signers[i].When is { } when) yield return ($"{at}.signers[{i}].when", when);
        if (step.Until is { } until) yield return ($"{at}.until", until);
        if (step.When is { } condition) yield return ($"{at}.when", condition);
    }

    private static IEnumerable<(string Path, string Text)> Messages(StepDefinition step, string at)
    {
        for (var i = 0; i < step.Rules.Count; i++)
            foreach (var (language, text) in step.Rules[i].Message) yield return ($"{at}.rules[{i}].message.{language}", text);
        if (step.Reason is { } reason) foreach (var (language, text) in reason) yield return ($"{at}.reason.{language}", text);
        if (step.WaitingMessage is { } waiting) foreach (var (language, text) in waiting) yield return ($"{at}.waitingMessage.{language}", text);
    }

    private static void CheckReachability(WorkflowDefinition definition, Dictionary<string, int> stepIndex, Action<string, string> problem)
    {
        // DistinctBy: a duplicate step id is already reported by IndexUnique and must not crash the rest of the checks.
        var successors = definition.Steps.DistinctBy(s => s.Id).ToDictionary(s => s.Id, s => Transitions(s, "").Where(t => !t.Path.EndsWith(".joins")).Select(t => t.Target).Where(stepIndex.ContainsKey).ToList());
        var reachable = Walk(definition.Start, id => successors.GetValueOrDefault(id) ?? []);
        for (var i = 0; i < definition.Steps.Count; i++)
            if (!reachable.Contains(definition.Steps[i].Id))
                problem($"$.steps[{i}]", $"step '{definition.Steps[i].Id}' cannot be reached from the start step");

        var predecessors = definition.Steps.DistinctBy(s => s.Id).SelectMany(s => successors[s.Id].Select(t => (From: s.Id, To: t))).ToLookup(e => e.To, e => e.From);
        var leadsToEnd = new HashSet<string>();
        foreach (var end in definition.Steps.Where(s => s.Kind == StepKind.End))
            leadsToEnd.UnionWith(Walk(end.Id, id => predecessors[id]));
        for (var i = 0; i < definition.Steps.Count; i++)
            if (reachable.Contains(definition.Steps[i].Id) && !leadsToEnd.Contains(definition.Steps[i].Id))
                problem($"$.steps[{i}]", $"step '{definition.Steps[i].Id}' never leads to an end step");
    }

    /// <summary>Every path of a parallel step must be able to reach its join, or the join would wait forever.</summary>
    private static void CheckJoins(WorkflowDefinition definition, Dictionary<string, int> stepIndex, Action<string, string> problem)
    {
        for (var i = 0; i < definition.Steps.Count; i++)
        {
            var join = definition.Steps[i];
            if (join.Kind != StepKind.Join || join.Joins is null || !stepIndex.TryGetValue(join.Joins, out var splitIndex)) continue;
            var split = definition.Steps[splitIndex];
            foreach (var path in split.Paths.Where(stepIndex.ContainsKey))
            {
                var reached = Walk(path, id => definition.Steps[stepIndex[id]].Kind == StepKind.Join
                    ? []
                    : Transitions(definition.Steps[stepIndex[id]], "").Where(t => !t.Path.EndsWith(".joins")).Select(t => t.Target).Where(stepIndex.ContainsKey));
                if (!reached.Contains(join.Id))
                    problem($"$.steps[{i}].joins", $"parallel path '{path}' of '{split.Id}' never reaches join '{join.Id}'");
            }
        }
    }

    private static HashSet<string> Walk(string from, Func<string, IEnumerable<string>> next)
    {
        var seen = new HashSet<string> { from };
        var queue = new Queue<string>([from]);
        while (queue.TryDequeue(out var id))
            foreach (var target in next(id))
                if (seen.Add(target)) queue.Enqueue(target);
        return seen;
    }
}
