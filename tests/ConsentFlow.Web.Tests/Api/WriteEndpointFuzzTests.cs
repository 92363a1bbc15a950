using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ConsentFlow.Web.Hosting;
using ConsentFlow.Web.Tests.Support;
using Xunit.Abstractions;

namespace ConsentFlow.Web.Tests.Api;

/// <summary>
/// Issue 11: every write endpoint, sent malformed JSON, wrong types, extremes, unicode, huge strings, NUL and deep
/// nesting. Every answer is a 4xx problem+json (a 400 names the field or JSON path), never echoes what was sent, and the
/// endpoint's state is unchanged afterwards. Its own app: hundreds of requests would spend the shared callers' API rate.
/// </summary>
public sealed class WriteEndpointFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>In every value the fuzzer sends, so an answer that repeats a submitted value is caught.</summary>
    private const string Marker = "Fz9q";

    private readonly RunningApp _app = RunningApp.WithSettings(("ConsentFlow:Security:ApiPermitsPerMinute", "100000"));

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync();

    private enum Kind { Identifier, Choice, Date, DateTime, FreeText, Number, YesNo, Signature, Object }

    /// <summary>One write endpoint: who calls it, a valid body to spoil field by field, and how to see that nothing was written.</summary>
    /// <param name="NoBodyIsValid">An empty body is a complete request here (a withdrawal owes no reason), so it is not sent.</param>
    private sealed record Target(string Name, HttpMethod Method, string Path, string Caller, JsonObject? Valid, (string Path, Kind Kind)[] Fields,
        Func<Task<string>> State, bool NoBodyIsValid = false);

    [Fact]
    public async Task No_bad_request_to_a_write_endpoint_is_a_500_echoes_its_value_or_writes_anything()
    {
        var targets = await TargetsAsync();
        int requests = 0, clientErrors = 0, serverErrors = 0;
        var wrong = new List<string>();
        foreach (var target in targets)
        {
            var before = await target.State();
            foreach (var (label, content) in Requests(target))
            {
                var client = target.Caller == CaseDriver.Patient ? await _tabletCase!.TabletAsync() : await _app.ClientAsync(target.Caller);
                using var response = await client.SendContentAsync(target.Method, target.Path, content, expectContinue: true);
                var text = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                requests++;
                if (status >= 500) serverErrors++;
                else if (status >= 400) clientErrors++;
                var problem = Problem(response, text);
                if (status is < 400 or >= 500 || problem is not null) wrong.Add($"{target.Name} {label}: {status} {problem} {Shorten(text)}");
            }
            var after = await target.State();
            if (before != after) wrong.Add($"{target.Name}: state changed by bad requests ({before} → {after})");
        }
        output.WriteLine($"Write-endpoint fuzz: {requests} requests over {targets.Count} endpoints, {clientErrors} 4xx, {serverErrors} 5xx.");
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {requests} answers broke the contract:\n" + string.Join("\n", wrong.Take(40)));
        Assert.Equal(0, serverErrors);
    }

    /// <summary>Null when the answer keeps the contract; otherwise what is wrong with it.</summary>
    private static string? Problem(HttpResponseMessage response, string text)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return "not problem+json";
        if (text.Contains(Marker, StringComparison.Ordinal)) return "echoes the submitted value";
        var problem = JsonNode.Parse(text)!;
        if (response.StatusCode == HttpStatusCode.BadRequest && problem["errors"] is not JsonObject { Count: > 0 }) return "a 400 that names no field";
        return null;
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    /// <summary>Body-level garbage, an unknown field, then every field spoilt in the ways its kind allows.</summary>
    private static IEnumerable<(string Label, HttpContent Content)> Requests(Target target)
    {
        foreach (var (label, raw) in MalformedBodies())
            if (!(target.NoBodyIsValid && label is "empty body" or "null")) yield return (label, Json(raw));
        yield return ("invalid UTF-8", new ByteArrayContent([0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D]) { Headers = { ContentType = new("application/json") } });
        if (target.Valid is null) yield break;
        // Its name is reported (that is the point); its value must not be.
        yield return ("unknown field", Json(With(target.Valid, "unknownField", JsonValue.Create(Marker))));
        yield return ("1 MB unknown field", Json(With(target.Valid, "padding", JsonValue.Create(Marker + new string('x', 1_000_000)))));
        foreach (var (path, kind) in target.Fields)
            foreach (var (label, value) in BadValues(kind))
                yield return ($"{path}: {label}", value is RawJson raw ? Json(WithRaw(target.Valid, path, raw.Text)) : Json(With(target.Valid, path, value as JsonNode)));
    }

    private static IEnumerable<(string, string)> MalformedBodies()
    {
        yield return ("empty body", "");
        yield return ("truncated", "{\"a\":");
        yield return ("not JSON", $"{Marker} not json");
        yield return ("array", "[]");
        yield return ("null", "null");
        yield return ("string", $"\"{Marker}\"");
        yield return ("trailing comma", "{\"a\":1,}");
        yield return ("nesting 10 000 deep", new string('[', 10_000) + new string(']', 10_000));
        yield return ("single quotes", $"{{'a':'{Marker}'}}");
    }

    /// <summary>JSON text no JsonNode can hold: 1e400, or a lone surrogate escape (the writer would replace it with U+FFFD).</summary>
    private sealed record RawJson(string Text);

    private static IEnumerable<(string, object?)> BadValues(Kind kind)
    {
        yield return ("object instead", new JsonObject { ["x"] = Marker });
        yield return ("deep nesting", Enumerable.Range(0, 200).Aggregate((JsonNode)JsonValue.Create(Marker), (inner, _) => new JsonArray(inner)));
        yield return ("1e400", new RawJson("1e400"));
        yield return ("-1e400", new RawJson("-1e400"));
        if (kind != Kind.Number) yield return ("number instead", JsonValue.Create(123));
        if (kind is not (Kind.YesNo or Kind.Object)) yield return ("boolean instead", JsonValue.Create(true));
        if (kind == Kind.Number)
        {
            yield return ("1e308", new RawJson("1e308"));
            yield return ("text instead", JsonValue.Create(Marker));
            yield return ("-1e308", new RawJson("-1e308"));
        }
        if (kind is Kind.Object or Kind.Number or Kind.YesNo) yield break;
        yield return ("NUL", JsonValue.Create($"{Marker}\0x"));
        yield return ("huge string", JsonValue.Create(Marker + new string('é', 300_000)));
        yield return ("unpaired surrogate", new RawJson($"\"{Marker}\\ud800\""));
        if (kind is Kind.Choice or Kind.Date or Kind.DateTime or Kind.Signature)
        {
            yield return ("unicode look-alike", JsonValue.Create($"Ｌ４-Ｌ５ {Marker} \u202e"));
            yield return ("emoji", JsonValue.Create($"🦴{Marker}"));
        }
        if (kind is Kind.Identifier or Kind.Choice) yield return ("escape sequence", JsonValue.Create($"\u001b[31m{Marker}"));
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
    private static StringContent Json(JsonNode node) => Json(node.ToJsonString());

    private static JsonObject With(JsonObject valid, string path, JsonNode? value)
    {
        var copy = (JsonObject)valid.DeepClone();
        var parts = path.Split('.');
        var parent = parts[..^1].Aggregate(copy, (node, part) => (JsonObject)node[part]!);
        parent[parts[^1]] = value;
        return copy;
    }

    private static string WithRaw(JsonObject valid, string path, string number) =>
        With(valid, path, JsonValue.Create("__raw__")).ToJsonString().Replace("\"__raw__\"", number, StringComparison.Ordinal);

    private CaseDriver? _tabletCase;

    private async Task<List<Target>> TargetsAsync()
    {
        var plan = await CaseDriver.StartAsync(_app);
        var screening = (await plan.TaskAsync("sedation-screening"))["id"]!.GetValue<string>();
        var witnessCase = await CaseDriver.StartAsync(_app);
        await witnessCase.SubmitOkAsync("consent-discussion", CaseDriver.Surgeon);
        await witnessCase.SubmitOkAsync("teach-back", CaseDriver.Patient);
        await witnessCase.SubmitOkAsync("consent-signature", CaseDriver.Patient, "patient");
        var witnessTask = (await witnessCase.TaskAsync("consent-signature", "witness"))["id"]!.GetValue<string>();
        var tabletCase = await CaseDriver.StartAsync(_app);
        await tabletCase.SubmitOkAsync("consent-discussion", CaseDriver.Surgeon);
        await tabletCase.SubmitOkAsync("teach-back", CaseDriver.Patient);
        _tabletCase = tabletCase;
        var patientSigning = tabletCase.Answers("consent-signature", "patient");

        var newCase = CaseDriver.NewCaseBody("FUZZ-1", DateTimeOffset.UtcNow.AddDays(12));
        newCase["approach"] = "transforaminal";
        newCase["sedationPlan"] = "moderate";
        newCase["language"] = "en";
        Task<string> CaseState(CaseDriver c) => StateAsync($"/api/v1/cases/{c.InstanceId}", CaseDriver.Nurse, etagOnly: true);

        return
        [
            new("POST /api/v1/cases", HttpMethod.Post, "/api/v1/cases", CaseDriver.Scheduler, newCase,
            [
                ("patient.mrn", Kind.Identifier), ("patient.familyName", Kind.Identifier), ("patient.givenName", Kind.Identifier),
                ("patient.birthDate", Kind.Date), ("patient.sex", Kind.Choice), ("patient", Kind.Object), ("level", Kind.Choice), ("side", Kind.Choice),
                ("surgeon", Kind.Identifier), ("scheduledStart", Kind.DateTime), ("timeZoneId", Kind.Choice), ("approach", Kind.Choice),
                ("sedationPlan", Kind.Choice), ("language", Kind.Choice), ("backEntry", Kind.YesNo),
            ], () => StateAsync("/api/v1/cases", CaseDriver.Nurse, count: true)),
            new("PATCH /api/v1/cases/{id}", HttpMethod.Patch, $"/api/v1/cases/{plan.InstanceId}", CaseDriver.Surgeon,
                new JsonObject { ["level"] = "L5-S1", ["side"] = "left", ["surgeon"] = "Dr. M. Okafor", ["approach"] = "interlaminar", ["sedationPlan"] = "local",
                    ["scheduledStart"] = DateTimeOffset.UtcNow.AddDays(11).ToString("O") },
                [("level", Kind.Choice), ("side", Kind.Choice), ("surgeon", Kind.Identifier), ("approach", Kind.Choice), ("sedationPlan", Kind.Choice), ("scheduledStart", Kind.DateTime),
                 ("backEntry", Kind.YesNo)],
                () => CaseState(plan)),
            new("POST withdraw", HttpMethod.Post, $"/api/v1/cases/{plan.InstanceId}/withdraw", CaseDriver.Nurse, new JsonObject { ["reason"] = "note" },
                [("reason", Kind.FreeText)], () => CaseState(plan), NoBodyIsValid: true),
            new("POST cancel", HttpMethod.Post, $"/api/v1/cases/{plan.InstanceId}/cancel", CaseDriver.Scheduler, new JsonObject { ["reason"] = "moved clinic" },
                [("reason", Kind.FreeText)], () => CaseState(plan)),
            new("POST consent-concerns", HttpMethod.Post, $"/api/v1/cases/{plan.InstanceId}/consent-concerns", CaseDriver.Nurse,
                new JsonObject { ["concern"] = "newImaging", ["note"] = "repeat MRI" }, [("concern", Kind.Identifier), ("note", Kind.FreeText)], () => CaseState(plan)),
            new("POST submission", HttpMethod.Post, $"/api/v1/tasks/{screening}/submission", CaseDriver.Nurse, plan.Answers("sedation-screening"),
                [("bmi", Kind.Number), ("neckCircumference", Kind.Number), ("asaClass", Kind.Choice), ("snoring", Kind.YesNo), ("antithrombotics", Kind.Object)],
                () => CaseState(plan)),
            new("POST signature (witness)", HttpMethod.Post, $"/api/v1/tasks/{witnessTask}/signature", CaseDriver.Witness,
                new JsonObject { ["answers"] = witnessCase.Answers("consent-signature", "witness"), ["password"] = DemoStaff.Password },
                [("answers.signature", Kind.Signature), ("answers.printedName", Kind.FreeText), ("answers", Kind.Object), ("password", Kind.Identifier)],
                () => CaseState(witnessCase)),
            new("POST kiosk signature", HttpMethod.Post, "/kiosk/current-task/signature", CaseDriver.Patient, patientSigning,
                [("signature", Kind.Signature), ("printedName", Kind.FreeText)], () => CaseState(tabletCase)),
            new("PUT draft", HttpMethod.Put, "/api/v1/definitions/fuzz-draft/draft", CaseDriver.Administrator, null, [],
                () => StateAsync("/api/v1/definitions/fuzz-draft/draft", CaseDriver.Administrator)),
            new("POST publish", HttpMethod.Post, "/api/v1/definitions", CaseDriver.Administrator,
                new JsonObject { ["definition"] = new JsonObject { ["id"] = "fuzz" }, ["password"] = DemoStaff.Password }, [("definition", Kind.Object), ("password", Kind.Identifier)],
                () => StateAsync("/api/v1/definitions", CaseDriver.Administrator, count: true)),
            new("PUT consent template draft", HttpMethod.Put, "/api/v1/consent-templates/peld-consent/draft", CaseDriver.Administrator, null, [],
                () => StateAsync("/api/v1/consent-templates/peld-consent/draft", CaseDriver.Administrator)),
            // The current text (version 2) again: lint refuses it (it must be version 3), so no spoilt request can publish.
            new("POST consent template version", HttpMethod.Post, "/api/v1/consent-templates/peld-consent/versions", CaseDriver.Administrator,
                new JsonObject { ["en"] = Studio.TemplateDrafts.Current().En, ["es"] = Studio.TemplateDrafts.Current().Es, ["note"] = "fuzz", ["password"] = DemoStaff.Password },
                [("en", Kind.FreeText), ("es", Kind.FreeText), ("note", Kind.FreeText), ("password", Kind.Identifier)],
                () => StateAsync("/api/v1/consent-templates", CaseDriver.Administrator)),
            new("POST users", HttpMethod.Post, "/api/v1/admin/users", CaseDriver.Administrator,
                new JsonObject { ["userName"] = "fuzz.user", ["displayName"] = "Fuzz User", ["professionalTitle"] = "RN", ["roles"] = new JsonArray("nurse"),
                    ["password"] = "short", ["administratorPassword"] = DemoStaff.Password },
                [("userName", Kind.Identifier), ("displayName", Kind.Identifier), ("roles", Kind.Object), ("administratorPassword", Kind.Identifier)],
                () => StateAsync("/api/v1/admin/users", CaseDriver.Administrator, count: true)),
            new("POST api-keys", HttpMethod.Post, "/api/v1/admin/api-keys", CaseDriver.Administrator,
                new JsonObject { ["userName"] = "nobody.here", ["scopes"] = new JsonArray("read"), ["name"] = "EHR", ["administratorPassword"] = DemoStaff.Password },
                [("userName", Kind.Identifier), ("scopes", Kind.Object), ("name", Kind.FreeText)],
                () => StateAsync("/api/v1/admin/api-keys", CaseDriver.Administrator, count: true)),
            new("POST verify", HttpMethod.Post, "/api/v1/documents/verify", CaseDriver.Nurse, null, [], () => Task.FromResult("reads only")),
        ];
    }

    private async Task<string> StateAsync(string path, string caller, bool count = false, bool etagOnly = false)
    {
        using var response = await (await _app.ClientAsync(caller)).GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) return $"{(int)response.StatusCode}"; // a problem's traceId differs every time
        if (etagOnly) return $"{(int)response.StatusCode} {response.Headers.ETag}";
        // A list is an array, or a page of "items" (the board).
        var list = JsonNode.Parse(text) is JsonArray array ? array : JsonNode.Parse(text)?["items"]?.AsArray();
        return count ? $"{(int)response.StatusCode} {list?.Count} items" : $"{(int)response.StatusCode} {text}";
    }
}
