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
        var knownFields = new RuleScope(KnownFields(definition, Problem), definition.Tables);

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
            if (step.LateMessage is not null && (step.Due ?? (object?)step.DueInHours) is null)
                Problem($"{at}.lateMessage", "a late message needs a due time (due or dueInHours)");
            if (step.LateMessage is not null && step.OverrideRoles.Count == 0)
                Problem($"{at}.lateMessage", "a late message needs overrideRoles: who may accept a task completed late");
            if (step.Kind == StepKind.Join && step.Joins is { } joins && stepIndex.TryGetValue(joins, out var split)
                && definition.Steps[split].Kind != StepKind.Parallel)
                Problem($"{at}.joins", $"'{joins}' is not a parallel step");
            foreach (var (path, text) in Rules(step, at)) CheckRule(text, path, knownFields, Problem);
            for (var r = 0; r < step.Rules.Count; r++) CheckForEachRule(definition, step.Rules[r], $"{at}.rules[{r}]", knownFields, Problem);
            for (var f = 0; f < step.InvalidatedBy.Count; f++)
                if (!knownFields.Fields.Contains(step.InvalidatedBy[f]))
                    Problem($"{at}.invalidatedBy[{f}]", $"'{step.InvalidatedBy[f]}' is not a case field ({string.Join(", ", CaseFields.All.Select(c => "case." + c))})");
            foreach (var (path, text) in RefusalMessages(step, at))
                foreach (var expression in MessageTemplate.Expressions(text).Where(e => Rule.Parse(e).Parameters.Count > 0))
                    Problem(path, $"a refusal is an error message and may not show answers or case facts ('{expression}'): name the rule and its thresholds");
            foreach (var (path, text, scope) in Messages(definition, step, at, knownFields))
                foreach (var expression in MessageTemplate.Expressions(text)) CheckRule(expression, path, scope, Problem);
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
                if (FormDefinition.SubmissionFields.Contains(field.Id))
                    problem($"$.forms[{f}].fields[{i}].id", $"'{field.Id}' is reserved: every form has it, about when its answers were submitted");
                known.Add($"{form.Id}.{field.Id}");
                known.UnionWith(FormDefinition.SubmissionFields.Select(name => $"{form.Id}.{name}"));
                if (field.Min > field.Max) problem($"$.forms[{f}].fields[{i}].min", "min is greater than max");
            }
        }
        return known;
    }

    private static void CheckFormRules(FormDefinition form, string at, RuleScope known, Action<string, string> problem)
    {
        for (var i = 0; i < form.Fields.Count; i++)
        {
            var field = form.Fields[i];
            if (field.Expression is { } expression) CheckRule(expression, $"{at}.fields[{i}].expression", known, problem);
            if (field.RequiredWhen is { } requiredWhen) CheckRule(requiredWhen, $"{at}.fields[{i}].requiredWhen", known, problem);
            if (field.Type == FieldType.List && field.ItemFields.Any(f => f.Type is FieldType.List or FieldType.Computed or FieldType.Signature))
                problem($"{at}.fields[{i}].itemFields", "an entry of a list holds plain answers only (no lists, computed or signature fields)");
            if (field.Type != FieldType.List && field.ItemFields.Count > 0)
                problem($"{at}.fields[{i}].itemFields", "only a field of type 'list' has item fields");
            foreach (var (bounded, path) in field.ItemFields.Select((f, j) => (f, $"{at}.fields[{i}].itemFields[{j}]")).Prepend((field, $"{at}.fields[{i}]")))
                if (bounded.NotAfter.Count > 0 && bounded.Type is not (FieldType.Date or FieldType.DateTime))
                    problem($"{path}.notAfter", "only a date or dateTime field has notAfter");
            if (field.Answer is { } answer) CheckAnswer(field, answer, $"{at}.fields[{i}].answer", known, problem);
        }
    }

    /// <summary>
    /// The tablet knows a question's right answer before anything is submitted, so it may read only case facts; a
    /// constant must be one of the question's choices, or no patient could ever answer right.
    /// </summary>
    private static void CheckAnswer(FieldDefinition question, string answer, string path, RuleScope known, Action<string, string> problem)
    {
        var caseOnly = known with { Fields = [.. known.Fields.Where(f => f.StartsWith("case.", StringComparison.Ordinal))] };
        var rule = Rule.Parse(answer);
        if (rule.Error is not null) { problem(path, rule.Error); return; }
        foreach (var name in rule.Parameters.Where(p => !caseOnly.Fields.Contains(p)))
            problem(path, $"a question's answer may read only case facts ([case.x]), not '{name}'");
        if (rule.Parameters.Count == 0 && rule.Functions.Count == 0
            && TeachBack.Constant(rule) is { } value && question.Choices.All(c => c.Value != value))
            problem(path, $"the answer '{value}' is not one of the question's choices ({string.Join(", ", question.Choices.Select(c => c.Value))})");
    }

    private static void CheckRule(string text, string path, RuleScope scope, Action<string, string> problem)
    {
        var rule = Rule.Parse(text);
        if (rule.Error is not null) { problem(path, rule.Error); return; }
        foreach (var name in rule.Parameters.Where(p => !scope.Fields.Contains(p)))
            problem(path, name.StartsWith(StopRule.ItemPrefix, StringComparison.Ordinal)
                ? $"rule names '{name}', but only a rule with forEach has entries, and then only the list's item fields"
                : $"rule names '{name}', which no form defines (use [form.field] or [case.field])");
        foreach (var reference in rule.Tables) CheckTableReference(reference, path, scope, problem);
    }

    /// <summary>A misspelt table or key must fail here: at run time it would be an unknown input on every case.</summary>
    private static void CheckTableReference(TableReference reference, string path, RuleScope scope, Action<string, string> problem)
    {
        if (reference.Table is null)
        {
            problem(path, $"{reference.Function}(...) must name its table as a constant, e.g. {reference.Function}('holdHours', [item.drug])");
            return;
        }
        if (!scope.Tables.TryGetValue(reference.Table, out var table))
        {
            var defined = scope.Tables.Count == 0 ? "none" : string.Join(", ", scope.Tables.Keys.Order(StringComparer.Ordinal));
            problem(path, $"{reference.Function}(...) names table '{reference.Table}', which $.tables does not define (defined: {defined})");
            return;
        }
        if (reference.Key is { } key && !table.ContainsKey(key) && reference.Function.Equals("lookup", StringComparison.OrdinalIgnoreCase))
            problem(path, $"table '{reference.Table}' has no key '{key}'");
    }

    /// <summary>forEach must name a list field; its rule and message may then read the list's item fields as [item.x].</summary>
    private static void CheckForEachRule(WorkflowDefinition definition, StopRule rule, string at, RuleScope scope, Action<string, string> problem)
    {
        if (rule.ForEach is null) return;
        if (ListField(definition, rule.ForEach) is null)
            problem($"{at}.forEach", $"'{rule.ForEach}' is not a list field (form.field of type 'list')");
        else
            CheckRule(rule.When, $"{at}.when", scope.WithItems(ListField(definition, rule.ForEach)!), problem);
    }

    internal static FieldDefinition? ListField(WorkflowDefinition definition, string reference)
    {
        var dot = reference.IndexOf('.');
        if (dot < 0) return null;
        var field = definition.FindForm(reference[..dot])?.FindField(reference[(dot + 1)..]);
        return field?.Type == FieldType.List ? field : null;
    }

    /// <summary>What a rule may name: fields (and, inside forEach, the entry's item fields) and the definition's tables.</summary>
    private sealed record RuleScope(HashSet<string> Fields, IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> Tables)
    {
        public RuleScope WithItems(FieldDefinition list) =>
            this with { Fields = [.. Fields, .. list.ItemFields.Select(f => StopRule.ItemPrefix + f.Id)] };
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
        for (var i = 0; i < step.Rules.Count; i++)
            if (step.Rules[i].ForEach is null) yield return ($"{at}.rules[{i}].when", step.Rules[i].When);
        for (var i = 0; i < step.Signers.Count; i++)
            if (step.Signers[i].When is { } when) yield return ($"{at}.signers[{i}].when", when);
        if (step.Until is { } until) yield return ($"{at}.until", until);
        if (step.Due is { } due) yield return ($"{at}.due", due);
        for (var i = 0; i < step.AcceptOnlyWhen.Count; i++) yield return ($"{at}.acceptOnlyWhen[{i}].when", step.AcceptOnlyWhen[i].When);
        for (var i = 0; i < step.Signers.Count; i++)
            for (var c = 0; c < step.Signers[i].AcceptOnlyWhen.Count; c++)
                yield return ($"{at}.signers[{i}].acceptOnlyWhen[{c}].when", step.Signers[i].AcceptOnlyWhen[c].When);
        if (step.When is { } condition) yield return ($"{at}.when", condition);
    }

    private static IEnumerable<(string Path, string Text, RuleScope Scope)> Messages(WorkflowDefinition definition, StepDefinition step, string at, RuleScope scope)
    {
        for (var i = 0; i < step.Rules.Count; i++)
        {
            var rule = step.Rules[i];
            var ruleScope = rule.ForEach is not null && ListField(definition, rule.ForEach) is { } list ? scope.WithItems(list) : scope;
            foreach (var (language, text) in rule.Message) yield return ($"{at}.rules[{i}].message.{language}", text, ruleScope);
        }
        if (step.Reason is { } reason) foreach (var (language, text) in reason) yield return ($"{at}.reason.{language}", text, scope);
        if (step.WaitingMessage is { } waiting) foreach (var (language, text) in waiting) yield return ($"{at}.waitingMessage.{language}", text, scope);
        if (step.LateMessage is { } late) foreach (var (language, text) in late) yield return ($"{at}.lateMessage.{language}", text, scope);
        foreach (var (path, text) in RefusalMessages(step, at)) yield return (path, text, scope);
    }

    /// <summary>Sentences of acceptOnlyWhen conditions: they travel as exception messages, where patient data must never go.</summary>
    private static IEnumerable<(string Path, string Text)> RefusalMessages(StepDefinition step, string at)
    {
        for (var i = 0; i < step.AcceptOnlyWhen.Count; i++)
            foreach (var (language, text) in step.AcceptOnlyWhen[i].Message) yield return ($"{at}.acceptOnlyWhen[{i}].message.{language}", text);
        for (var i = 0; i < step.Signers.Count; i++)
            for (var c = 0; c < step.Signers[i].AcceptOnlyWhen.Count; c++)
                foreach (var (language, text) in step.Signers[i].AcceptOnlyWhen[c].Message)
                    yield return ($"{at}.signers[{i}].acceptOnlyWhen[{c}].message.{language}", text);
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
