using System.Globalization;
using System.Text.Json.Nodes;
using ConsentFlow.Engine.Runtime;

namespace ConsentFlow.Engine.Scenarios;

/// <summary>
/// A busy spine clinic's made-up bookings for demos and benchmarks: weekday procedures spread over a date range, each
/// case as far along the default workflow as its date allows by now. Most go smoothly (done once past, waiting while
/// ahead); a few stop at a sedation hard stop (blocked), a few where staff fell behind. Same seed, same clinic.
/// Names are invented combinations; MRNs start with SYN- so no one mistakes them for real ones.
/// </summary>
public static class SyntheticClinic
{
    public const string TimeZoneId = "America/Chicago";

    private static readonly string[] FamilyNames =
        ["Alvarez", "Brooks", "Chen", "Diaz", "Ellison", "Fischer", "Garcia", "Hughes", "Ibarra", "Jensen", "Kowalski", "Lopez", "Moreno",
         "Nakamura", "Okafor", "Patel", "Quinn", "Reyes", "Schmidt", "Torres", "Underwood", "Vega", "Walsh", "Xu", "Young", "Zamora"];

    private static readonly string[] GivenNames =
        ["Alex", "Bailey", "Camila", "Dana", "Elena", "Frank", "Grace", "Hector", "Iris", "Jordan", "Kai", "Lucia", "Marcus", "Nora",
         "Oscar", "Priya", "Rosa", "Sam", "Teresa", "Victor", "Wendy", "Yusuf"];

    private static readonly string[] Surgeons = ["Dr. M. Okafor", "Dr. L. Brennan", "Dr. S. Iyer", "Dr. R. Castillo"];
    private static readonly string[] Levels = ["L3-L4", "L4-L5", "L4-L5", "L5-S1", "L5-S1"];
    private static readonly string[] Sides = ["left", "right"];

    /// <summary>The uneventful case's history, as the demo plays it: who does what, relative to the scheduled start.</summary>
    private static readonly PlannedStep[] Typical =
    [
        new("@start-8d+1h", "imaging-review", "nurse"),
        new("@start-8d+2h", "sedation-screening", "nurse"),
        new("@start-7d", "consent-discussion", "surgeon"),
        new("@start-7d+10m", "teach-back", "patient"),
        new("@start-7d+20m", "consent-signature", "patient", "patient"),
        new("@start-7d+25m", "consent-signature", "witness", "witness"),
        new("@start-7d+30m", "consent-signature", "surgeon", "surgeon"),
        new("@start-90m", "day-of-verification", "nurse"),
        new("@start-30m", "sign-in", "nurse"),
        new("@start-5m", "time-out", "nurse"),
        new("@start+75m", "sign-out", "nurse"),
        new("@start+2h", "close-out", "nurse"),
    ];

    public const string DefaultWorkflowFile = "peld-consent.workflow.json";

    /// <summary>
    /// Publishes the default workflow of <paramref name="workflowsFolder"/> (a no-op when unchanged) and writes
    /// <paramref name="cases"/> planned cases through the engine, as of <paramref name="now"/>. Used by <c>consentflow seed</c> and the benchmark.
    /// </summary>
    public static async Task<int> SeedAsync(ConsentFlowEngine engine, string workflowsFolder, int cases, int daysBack, int daysAhead, DateTimeOffset now,
        Action<int>? progress, CancellationToken cancellationToken, int seed = 2026)
    {
        var definitionFile = Path.Combine(workflowsFolder, DefaultWorkflowFile);
        var published = await engine.Catalog.PublishAsync(await File.ReadAllTextAsync(definitionFile, cancellationToken), definitionFile,
            new Actor("seed", "administrator"), cancellationToken);
        var answers = await AnswerBook.LoadAsync(Path.Combine(workflowsFolder, AnswerBook.TypicalAnswersFile), cancellationToken);
        var writer = new BulkCaseWriter(engine, answers);
        return await writer.WriteAsync(Plan(cases, now, daysBack, daysAhead, published.DefinitionId, seed), now, progress, cancellationToken);
    }

    /// <param name="now">Steps after this have not happened yet; bookings are made before it.</param>
    public static IEnumerable<PlannedCase> Plan(int count, DateTimeOffset now, int daysBack, int daysAhead, string definitionId = "peld-consent", int seed = 2026)
    {
        var random = new Random(seed);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).Date);
        var firstDay = today.AddDays(-daysBack);
        var days = daysBack + daysAhead + 1;
        var latestStart = now + CaseValidator.MaxBookingHorizon - TimeSpan.FromDays(2);
        for (var i = 0; i < count; i++)
        {
            // About one case in eight is a returning patient (the other side, another level): same person, new episode.
            var person = i > 10 && random.Next(8) == 0 ? random.Next(i) : i;
            var day = firstDay.AddDays(random.Next(days));
            if (day.DayOfWeek is DayOfWeek.Saturday) day = day.AddDays(2);
            else if (day.DayOfWeek is DayOfWeek.Sunday) day = day.AddDays(1);
            var local = day.ToDateTime(new TimeOnly(7, 30)).AddMinutes(30 * random.Next(17));
            var start = new DateTimeOffset(local, zone.GetUtcOffset(local));
            if (start > latestStart) start = latestStart;
            var bookedAt = start.AddDays(-10 - random.Next(30)).AddMinutes(-random.Next(600));
            if (bookedAt > now) bookedAt = now.AddMinutes(-1 - random.Next(60 * 24));
            if (bookedAt >= start) bookedAt = start.AddMinutes(-30);

            var request = new StartCaseRequest(definitionId, Patient(person), "Percutaneous endoscopic lumbar discectomy", "62380",
                Levels[random.Next(Levels.Length)], Sides[random.Next(Sides.Length)], random.Next(10) == 0 ? "interlaminar" : "transforaminal",
                Surgeons[random.Next(Surgeons.Length)], random.Next(6) == 0 ? "local" : "moderate", start, TimeZoneId,
                random.Next(7) == 0 ? "es" : "en");
            yield return new PlannedCase(request, bookedAt, Story(random, request));
        }
    }

    /// <summary>The same person every time for the same index: name, birth date and sex follow from it.</summary>
    public static PatientIdentity Patient(int person)
    {
        var random = new Random(person * 7919 + 17);
        var birth = new DateOnly(1945, 1, 1).AddDays(random.Next(365 * 55));
        return new PatientIdentity("SYN-" + (person + 1).ToString("D7", CultureInfo.InvariantCulture), FamilyNames[random.Next(FamilyNames.Length)],
            GivenNames[random.Next(GivenNames.Length)], birth, random.Next(2) == 0 ? "F" : "M");
    }

    private static IReadOnlyList<PlannedStep> Story(Random random, StartCaseRequest request)
    {
        // The typical answers describe an L4-L5 left case seen by Dr. Okafor in English: each case's own facts replace them.
        var facts = Typical.Select(step => step.StepId switch
        {
            "imaging-review" => step with { Overrides = new JsonObject { ["level"] = request.Level, ["side"] = request.Side, ["clinicalSide"] = request.Side } },
            "teach-back" => step with { Overrides = new JsonObject { ["level"] = request.Level } },
            "consent-discussion" => step with { Overrides = new JsonObject
            {
                ["practitioner"] = request.Surgeon, ["capacityAssessedBy"] = request.Surgeon, ["language"] = request.Language, ["discussionLanguage"] = request.Language,
            } },
            _ => step,
        }).ToArray();
        var roll = random.Next(100);
        // A sedation screening with ASA class IV raises a hard stop that needs both reviewers: the case is blocked.
        if (roll < 4) return [facts[0], facts[1] with { Overrides = new JsonObject { ["asaClass"] = "IV" } }];
        // Staff fell behind: the case waits (and becomes overdue) at a step before consent or the day of surgery.
        if (roll < 10) return facts[..random.Next(0, 8)];
        return facts;
    }
}
