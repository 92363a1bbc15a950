using System.Text.Json.Nodes;

namespace ConsentFlow.Engine.Scenarios;

/// <summary>Reads one entry of <c>$.steps</c>: its action decides its shape (submit, override, changeCase, withdraw, cancel, expect, or only "at").</summary>
internal static class ScenarioStepReader
{
    public static readonly string[] ErrorKinds = ["validation", "conflict", "forbidden", "rejected", "notFound"];
    public static readonly string[] ReadinessStates = ["done", "waiting", "blocked"];
    public static readonly string[] InstanceStatuses = ["Running", "Ready", "Cancelled", "Withdrawn", "Completed"];
    public static readonly string[] ConsentStatuses = ["Proposed", "Active", "Inactive", "Rejected"];

    private static readonly string[] Actions = ["submit", "override", "changeCase", "withdraw", "report", "cancel", "expect"];
    private static readonly string[] Common = ["at", "note"];
    private static readonly string[] ActionCommon = ["at", "note", "as", "expectError", "errorMentions"];

    public static ScenarioStep? Read(ScenarioJsonReader read, JsonNode? node, string at)
    {
        if (node is not JsonObject step)
        {
            read.Problem(at, "a step is an object such as { \"as\": \"nurse\", \"submit\": \"imaging-review\" }");
            return null;
        }
        var actions = Actions.Where(step.ContainsKey).ToList();
        if (actions.Count > 1)
        {
            read.Problem(at, $"a step does one thing; found {string.Join(" and ", actions)}");
            return null;
        }
        var time = read.Time(step, "at", at);
        var note = read.String(step, "note", at);
        switch (actions.FirstOrDefault())
        {
            case null:
                read.OnlyKeys(step, at, Common);
                if (!step.ContainsKey("at")) read.Problem(at, $"a step needs an action ({string.Join(", ", Actions)}) or a clock time (\"at\")");
                return time is null ? null : new ClockStep(at, time, note);
            case "expect":
                read.OnlyKeys(step, at, [.. Common, "expect"]);
                return ReadExpectation(read, step["expect"], $"{at}.expect") is { } expectation ? new ExpectStep(at, time, note, expectation) : null;
        }

        var who = read.String(step, "as", at, required: true) ?? "";
        var expectError = read.OneOf(step, "expectError", at, ErrorKinds);
        var mentions = read.String(step, "errorMentions", at);
        if (mentions is not null && !step.ContainsKey("expectError")) read.Problem($"{at}.errorMentions", "only makes sense with \"expectError\"");

        switch (actions[0])
        {
            case "submit":
                read.OnlyKeys(step, at, [.. ActionCommon, "submit", "signer", "data"]);
                var data = step["data"];
                if (data is not null and not JsonObject) read.Problem($"{at}.data", "must be an object of field answers");
                return new SubmitStep(at, time, note, who, expectError, mentions, read.String(step, "submit", at) ?? "",
                    read.String(step, "signer", at), (data as JsonObject)?.DeepClone() as JsonObject);
            case "override":
                read.OnlyKeys(step, at, [.. ActionCommon, "override", "reason"]);
                var reason = step["reason"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
                if (step["reason"] is not null && reason is null) read.Problem($"{at}.reason", "must be a string");
                return new OverrideStep(at, time, note, who, expectError, mentions, read.String(step, "override", at) ?? "", reason);
            case "changeCase":
                read.OnlyKeys(step, at, [.. ActionCommon, "changeCase"]);
                return ReadChange(read, step["changeCase"], $"{at}.changeCase") is { } change
                    ? change with { Path = at, At = time, Note = note, As = who, ExpectError = expectError, ErrorMentions = mentions }
                    : null;
            case "withdraw":
                read.OnlyKeys(step, at, [.. ActionCommon, "withdraw"]);
                return new WithdrawStep(at, time, note, who, expectError, mentions, read.String(step, "withdraw", at));
            case "report":
                read.OnlyKeys(step, at, [.. ActionCommon, "report", "staffNote"]);
                return new ReportStep(at, time, note, who, expectError, mentions, read.String(step, "report", at, required: true) ?? "", read.String(step, "staffNote", at));
            default:
                read.OnlyKeys(step, at, [.. ActionCommon, "cancel"]);
                return new CancelStep(at, time, note, who, expectError, mentions, read.String(step, "cancel", at) ?? "");
        }
    }

    private static ChangeCaseStep? ReadChange(ScenarioJsonReader read, JsonNode? node, string at)
    {
        if (node is not JsonObject change || change.Count == 0)
        {
            read.Problem(at, "must name what changes, e.g. { \"level\": \"L5-S1\" }");
            return null;
        }
        read.OnlyKeys(change, at, "level", "side", "approach", "surgeon", "sedationPlan", "scheduledStart");
        return new ChangeCaseStep(at, null, null, "", null, null, read.String(change, "level", at), read.String(change, "side", at),
            read.String(change, "approach", at), read.String(change, "surgeon", at), read.String(change, "sedationPlan", at),
            read.Time(change, "scheduledStart", at));
    }

    private static ScenarioExpectation? ReadExpectation(ScenarioJsonReader read, JsonNode? node, string at)
    {
        if (node is not JsonObject expect || expect.Count == 0)
        {
            read.Problem(at, "must say what to check, e.g. { \"readiness\": \"done\" }");
            return null;
        }
        read.OnlyKeys(expect, at, "readiness", "blockersInclude", "blockersExclude", "openTasks", "openTasksInclude", "openTasksExclude",
            "openTasksFor", "instanceStatus", "consents", "phasesInclude");
        var consents = read.Strings(expect, "consents", at);
        foreach (var status in consents ?? [])
            if (!ConsentStatuses.Contains(status, StringComparer.OrdinalIgnoreCase))
                read.Problem($"{at}.consents", $"'{status}' is not one of: {string.Join(", ", ConsentStatuses)}");
        return new ScenarioExpectation(
            read.OneOf(expect, "readiness", at, ReadinessStates),
            read.Strings(expect, "blockersInclude", at),
            read.Strings(expect, "blockersExclude", at),
            read.Strings(expect, "openTasks", at),
            read.Strings(expect, "openTasksInclude", at),
            read.Strings(expect, "openTasksExclude", at),
            ReadTasksByRole(read, expect["openTasksFor"], $"{at}.openTasksFor"),
            read.OneOf(expect, "instanceStatus", at, InstanceStatuses),
            consents,
            read.Strings(expect, "phasesInclude", at));
    }

    private static Dictionary<string, IReadOnlyList<string>>? ReadTasksByRole(ScenarioJsonReader read, JsonNode? node, string at)
    {
        if (node is null) return null;
        if (node is not JsonObject byRole)
        {
            read.Problem(at, "must map a role to the tasks in its inbox, e.g. { \"anesthesiologist\": [\"anesthesia-escalation\"] }");
            return null;
        }
        var result = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var (role, _) in byRole)
            if (read.Strings(byRole, role, at) is { } tasks) result[role] = tasks;
        return result;
    }
}
