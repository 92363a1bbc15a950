using System.Globalization;
using System.Text.RegularExpressions;
using ConsentFlow.Engine.Definitions;

namespace ConsentFlow.Engine.Publishing;

/// <summary>
/// Compares two parsed definitions by meaning, not by JSON lines: steps, forms and their fields, rules and their
/// thresholds, tables, role assignments and messages. Reformatting or reordering the JSON gives no change.
/// </summary>
public static partial class DefinitionDiff
{
    public static DefinitionChanges Compare(WorkflowDefinition? before, WorkflowDefinition after, int? fromVersion = null)
    {
        var changes = new List<DefinitionChange>();
        if (before is null)
        {
            changes.Add(new(DiffArea.Workflow, DiffKind.Added, after.Id, "", null, after.Title.In("en")));
            return new DefinitionChanges(fromVersion, changes);
        }
        var diff = new Collector(changes);
        diff.Text(after.Id, "title", before.Title, after.Title);
        diff.Value(DiffArea.Workflow, after.Id, "start", before.Start, after.Start);
        diff.Set(DiffArea.Role, after.Id, "roles", before.Roles, after.Roles);
        CompareTables(diff, before.Tables, after.Tables);
        diff.Keyed(before.Forms, after.Forms, f => f.Id, DiffArea.Form, f => f.Title.In("en"), (b, a) => CompareForm(diff, b, a));
        diff.Keyed(before.Steps, after.Steps, s => s.Id, DiffArea.Step, s => $"{s.Kind}{(s.Title is null ? "" : " · " + s.Title.In("en"))}",
            (b, a) => CompareStep(diff, b, a));
        return new DefinitionChanges(fromVersion, changes);
    }

    private static void CompareTables(Collector diff, IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> before,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> after)
    {
        foreach (var table in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var old = before.GetValueOrDefault(table) ?? new Dictionary<string, decimal>();
            var @new = after.GetValueOrDefault(table) ?? new Dictionary<string, decimal>();
            foreach (var key in old.Keys.Union(@new.Keys).Order(StringComparer.Ordinal))
            {
                var subject = $"{table}.{key}";
                var had = old.TryGetValue(key, out var was);
                var has = @new.TryGetValue(key, out var @is);
                if (had && has && was != @is) diff.Add(new(DiffArea.Threshold, DiffKind.Changed, subject, "", Number(was), Number(@is)));
                else if (had && !has) diff.Add(new(DiffArea.Threshold, DiffKind.Removed, subject, "", Number(was)));
                else if (!had && has) diff.Add(new(DiffArea.Threshold, DiffKind.Added, subject, "", null, Number(@is)));
            }
        }
    }

    private static void CompareForm(Collector diff, FormDefinition before, FormDefinition after)
    {
        diff.Text(after.Id, "title", before.Title, after.Title);
        diff.Value(DiffArea.Form, after.Id, "personal act", before.PersonalAct, after.PersonalAct);
        diff.Value(DiffArea.Form, after.Id, "systems may submit", before.SystemsMaySubmit, after.SystemsMaySubmit);
        CompareFields(diff, after.Id, before.Fields, after.Fields);
    }

    private static void CompareFields(Collector diff, string owner, IReadOnlyList<FieldDefinition> before, IReadOnlyList<FieldDefinition> after)
    {
        diff.Keyed(before, after, f => f.Id, DiffArea.Field, f => $"{f.Type} · {f.Label.In("en")}", (b, a) => CompareField(diff, $"{owner}.{a.Id}", b, a), owner + ".");
        var kept = after.Select(f => f.Id).Where(id => before.Any(f => f.Id == id)).ToList();
        var keptBefore = before.Select(f => f.Id).Where(kept.Contains).ToList();
        if (!kept.SequenceEqual(keptBefore))
            diff.Add(new(DiffArea.Field, DiffKind.Changed, owner, "field order", string.Join(", ", keptBefore), string.Join(", ", kept)));
    }

    private static void CompareField(Collector diff, string subject, FieldDefinition before, FieldDefinition after)
    {
        diff.Value(DiffArea.Field, subject, "type", before.Type, after.Type);
        diff.Text(subject, "label", before.Label, after.Label);
        diff.Text(subject, "help", before.Help, after.Help);
        diff.Value(DiffArea.Field, subject, "required", before.Required, after.Required);
        diff.Rule(subject, "required when", before.RequiredWhen, after.RequiredWhen);
        diff.Value(DiffArea.Field, subject, "unit", before.Unit, after.Unit);
        diff.Value(DiffArea.Threshold, subject, "minimum", before.Min, after.Min);
        diff.Value(DiffArea.Threshold, subject, "maximum", before.Max, after.Max);
        diff.Value(DiffArea.Threshold, subject, "maximum length", before.MaxLength, after.MaxLength);
        diff.Rule(subject, "expression", before.Expression, after.Expression);
        diff.Keyed(before.Choices, after.Choices, c => c.Value, DiffArea.Field, c => c.Label.In("en"),
            (b, a) => diff.Text($"{subject}={a.Value}", "choice label", b.Label, a.Label), subject + "=");
        if (before.ItemFields.Count > 0 || after.ItemFields.Count > 0) CompareFields(diff, subject, before.ItemFields, after.ItemFields);
    }

    private static void CompareStep(Collector diff, StepDefinition before, StepDefinition after)
    {
        var id = after.Id;
        diff.Value(DiffArea.Step, id, "kind", before.Kind, after.Kind);
        diff.Text(id, "title", before.Title, after.Title);
        diff.Value(DiffArea.Step, id, "next", before.Next, after.Next);
        diff.Value(DiffArea.Role, id, "assigned role", before.Role, after.Role);
        diff.Value(DiffArea.Step, id, "form", before.Form, after.Form);
        diff.Value(DiffArea.Threshold, id, "due in hours", before.DueInHours, after.DueInHours);
        diff.Rule(id, "due", before.Due, after.Due);
        diff.Text(id, "late message", before.LateMessage, after.LateMessage);
        CompareAcceptRules(diff, id, before.AcceptOnlyWhen, after.AcceptOnlyWhen);

        var branches = (IReadOnlyList<DecisionBranch> list) => list.Select((b, i) => (Key: $"{i + 1}", Branch: b)).ToList();
        diff.Keyed(branches(before.Branches), branches(after.Branches), b => b.Key, DiffArea.Rule, b => $"when {b.Branch.When} → {b.Branch.Next}", (b, a) =>
        {
            diff.Rule($"{id} › branch {a.Key}", "when", b.Branch.When, a.Branch.When);
            diff.Value(DiffArea.Step, $"{id} › branch {a.Key}", "next", b.Branch.Next, a.Branch.Next);
        }, id + " › branch ");
        diff.Value(DiffArea.Step, id, "otherwise", before.Otherwise, after.Otherwise);
        diff.Set(DiffArea.Step, id, "parallel paths", before.Paths, after.Paths);
        diff.Value(DiffArea.Step, id, "joins", before.Joins, after.Joins);
        diff.Rule(id, "waits until", before.Until, after.Until);
        diff.Rule(id, "waits only when", before.When, after.When);
        diff.Text(id, "waiting message", before.WaitingMessage, after.WaitingMessage);

        diff.Keyed(before.Rules, after.Rules, r => r.Id, DiffArea.Rule, r => r.When, (b, a) =>
        {
            var subject = $"{id} › {a.Id}";
            diff.Rule(subject, "when", b.When, a.When);
            diff.Value(DiffArea.Rule, subject, "for each", b.ForEach, a.ForEach);
            diff.Text(subject, "message", b.Message, a.Message);
        }, id + " › ");
        diff.Set(DiffArea.Role, id, "override roles", before.OverrideRoles, after.OverrideRoles);
        diff.Value(DiffArea.Role, id, "override by", before.OverrideBy, after.OverrideBy);
        diff.Text(id, "reason", before.Reason, after.Reason);

        // A role may sign twice in different cases (the patient, or their representative): the n-th signer of a role is matched with the n-th.
        diff.Keyed(Signers(before), Signers(after), s => s.Key, DiffArea.Role, s => $"signer {s.Key}", (b, a) =>
        {
            var subject = $"{id} › signer {a.Key}";
            diff.Text(subject, "meaning", b.Signer.Meaning, a.Signer.Meaning);
            diff.Rule(subject, "required when", b.Signer.When, a.Signer.When);
            CompareAcceptRules(diff, subject, b.Signer.AcceptOnlyWhen, a.Signer.AcceptOnlyWhen);
        }, id + " › signer ");
        var keptSigners = Signers(after).Select(s => s.Key).Where(Signers(before).Select(s => s.Key).Contains).ToList();
        var keptBefore = Signers(before).Select(s => s.Key).Where(keptSigners.Contains).ToList();
        if (!keptSigners.SequenceEqual(keptBefore))
            diff.Add(new(DiffArea.Role, DiffKind.Changed, id, "signing order", string.Join(", ", keptBefore), string.Join(", ", keptSigners)));
        diff.Value(DiffArea.Threshold, id, "valid for days", before.ValidForDays, after.ValidForDays);
        diff.Set(DiffArea.Step, id, "invalidated by", before.InvalidatedBy, after.InvalidatedBy);
        diff.Set(DiffArea.Step, id, "re-consent on", before.ReconsentOn, after.ReconsentOn);
        diff.Value(DiffArea.Step, id, "re-consent at", before.Reconsent, after.Reconsent);
        diff.Value(DiffArea.Step, id, "outcome", before.Outcome, after.Outcome);
    }

    private static List<(string Key, SignerDefinition Signer)> Signers(StepDefinition step) =>
        step.Signers.Select((signer, i) => (Occurrence: step.Signers.Take(i).Count(s => s.Role == signer.Role), Signer: signer))
            .Select(s => (s.Occurrence == 0 ? s.Signer.Role : $"{s.Signer.Role} #{s.Occurrence + 1}", s.Signer)).ToList();

    private static void CompareAcceptRules(Collector diff, string owner, IReadOnlyList<AcceptRule> before, IReadOnlyList<AcceptRule> after) =>
        diff.Keyed(before, after, r => r.Id, DiffArea.Rule, r => r.When, (b, a) =>
        {
            var subject = $"{owner} › {a.Id}";
            diff.Rule(subject, "accepted only when", b.When, a.When);
            diff.Text(subject, "message", b.Message, a.Message);
        }, owner + " › ");

    private static string Number(decimal value) => value.ToString("0.############", CultureInfo.InvariantCulture);

    private static string? Show(object? value) => value switch
    {
        null => null,
        decimal number => Number(number),
        bool flag => flag ? "yes" : "no",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"(?<![\w.])\d+(\.\d+)?")]
    private static partial Regex NumberLiteral();

    /// <summary>"numbers 6 → 7" when two rules differ only in their numbers: the threshold a reviewer looks for.</summary>
    internal static string? NumberChange(string before, string after)
    {
        if (NumberLiteral().Replace(before, "#") != NumberLiteral().Replace(after, "#")) return null;
        var was = NumberLiteral().Matches(before).Select(m => m.Value).ToList();
        var @is = NumberLiteral().Matches(after).Select(m => m.Value).ToList();
        var pairs = was.Zip(@is).Where(p => p.First != p.Second).Select(p => $"{p.First} → {p.Second}").ToList();
        return pairs.Count == 0 ? null : "numbers " + string.Join(", ", pairs);
    }

    private sealed class Collector(List<DefinitionChange> changes)
    {
        public void Add(DefinitionChange change) => changes.Add(change);

        public void Value<T>(DiffArea area, string subject, string what, T before, T after)
        {
            if (EqualityComparer<T>.Default.Equals(before, after)) return;
            changes.Add(new(area, DiffKind.Changed, subject, what, Show(before) ?? "(none)", Show(after) ?? "(none)"));
        }

        public void Rule(string subject, string what, string? before, string? after)
        {
            if (string.Equals(Normalize(before), Normalize(after), StringComparison.Ordinal)) return;
            var numbers = before is not null && after is not null ? NumberChange(before, after) : null;
            var area = numbers is null ? DiffArea.Rule : DiffArea.Threshold;
            changes.Add(new(area, before is null ? DiffKind.Added : after is null ? DiffKind.Removed : DiffKind.Changed, subject,
                numbers is null ? what : $"{what} ({numbers})", before, after));
        }

        /// <summary>Each language on its own, so a Spanish-only correction shows as exactly that.</summary>
        public void Text(string subject, string what, LocalizedText? before, LocalizedText? after)
        {
            var languages = ((IEnumerable<string>?)before?.Keys ?? []).Union((IEnumerable<string>?)after?.Keys ?? [], StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase);
            foreach (var language in languages)
            {
                var was = before is not null && before.TryGetValue(language, out var b) ? b : null;
                var @is = after is not null && after.TryGetValue(language, out var a) ? a : null;
                if (was == @is) continue;
                changes.Add(new(DiffArea.Message, was is null ? DiffKind.Added : @is is null ? DiffKind.Removed : DiffKind.Changed, subject, $"{what} ({language})", was, @is));
            }
        }

        public void Set(DiffArea area, string subject, string what, IReadOnlyList<string> before, IReadOnlyList<string> after)
        {
            foreach (var added in after.Except(before)) changes.Add(new(area, DiffKind.Added, subject, what, null, added));
            foreach (var removed in before.Except(after)) changes.Add(new(area, DiffKind.Removed, subject, what, removed));
        }

        /// <summary>Items matched by key: added, removed, or compared one by one.</summary>
        public void Keyed<T>(IReadOnlyList<T> before, IReadOnlyList<T> after, Func<T, string> key, DiffArea area, Func<T, string> describe,
            Action<T, T> compare, string prefix = "")
        {
            var old = before.DistinctBy(key).ToDictionary(key, StringComparer.Ordinal);
            var @new = after.DistinctBy(key).ToDictionary(key, StringComparer.Ordinal);
            foreach (var item in before.Where(i => !@new.ContainsKey(key(i)))) changes.Add(new(area, DiffKind.Removed, prefix + key(item), "", describe(item)));
            foreach (var item in after)
            {
                if (old.TryGetValue(key(item), out var was)) compare(was, item);
                else changes.Add(new(area, DiffKind.Added, prefix + key(item), "", null, describe(item)));
            }
        }

        private static string? Normalize(string? rule) => rule is null ? null : string.Join(' ', rule.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
