using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using System.Text.Json;
using ConsentFlow.Engine.Forms;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Application.Reading;

/// <summary>The clinic's calendar and numbering: the board's default days are the clinic's days, not the server's.</summary>
public sealed record ClinicSettings(string TimeZoneId = ClinicSettings.DefaultTimeZone, string MrnSystem = Patient.LocalMrnSystem)
{
    public const string DefaultTimeZone = "America/Chicago";

    public TimeZoneInfo Zone => TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;
}

/// <summary>
/// What the board and inbox ask for. <paramref name="From"/>/<paramref name="To"/> are clinic days (inclusive; default
/// today and the next 7 days); <paramref name="Search"/> is an MRN or the start of a family or given name.
/// </summary>
public sealed record WorklistQuery(
    DateOnly? From = null, DateOnly? To = null, ReadinessState? State = null, string? Surgeon = null, string? Role = null,
    string? Search = null, string? Continuation = null, int? PageSize = null, string Language = "en");

/// <summary>An open task as the worklist shows it (inbox rows), from the read model.</summary>
public sealed record WorklistTask(Guid Id, string StepId, string Kind, IReadOnlyList<string> Roles, string? SignerRole, string Title, string? Reason,
    DateTime CreatedAtUtc, DateTime? DueAtUtc, int Version);

public sealed record WorklistItem(CaseSummary Case, IReadOnlyList<WorklistTask> OpenTasks);

public sealed record WorklistCounts(int All, int Done, int Waiting, int Blocked);

/// <param name="Continuation">Opaque; pass it back for the next page. Null on the last page.</param>
/// <param name="Counts">Cases per readiness state over the whole range and every filter but the state.</param>
public sealed record WorklistPage(DateOnly From, DateOnly To, IReadOnlyList<WorklistItem> Items, string? Continuation, WorklistCounts Counts);

/// <summary>
/// The board: one indexed query over the read model (<see cref="CaseReadinessRow"/>), in scheduled-start order from the
/// first day of the range (today by default, so upcoming cases come first), with keyset pagination. Never loads an instance.
/// </summary>
public sealed class Worklist(IDbContextFactory<ConsentFlowDbContext> contexts, ClinicSettings clinic, TimeProvider clock)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    public const int DefaultDays = 7;
    public const int MaxDays = 366 * 2;

    /// <summary>
    /// The calendar the board accepts. Far enough from <see cref="DateOnly.MinValue"/>/<see cref="DateOnly.MaxValue"/> that the
    /// default end (from + 7 days), the day after the end and the clinic's offset from UTC all stay representable.
    /// </summary>
    public static readonly DateOnly MinDate = new(1900, 1, 1);
    public static readonly DateOnly MaxDate = new(9000, 12, 31);

    public async Task<WorklistPage> ListAsync(WorklistQuery query, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (OutOfCalendar(query.From)) errors.Add(new FieldError("from", OutOfCalendarMessage));
        if (OutOfCalendar(query.To)) errors.Add(new FieldError("to", OutOfCalendarMessage));
        if (errors.Count > 0) throw new FormValidationException("worklist", errors);
        var (from, to) = Range(query);
        var size = query.PageSize ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize) errors.Add(new FieldError("pageSize", $"must be between 1 and {MaxPageSize}"));
        if (to < from) errors.Add(new FieldError("to", "must not be before from"));
        else if (to.DayNumber - from.DayNumber > MaxDays) errors.Add(new FieldError("to", $"must be at most {MaxDays} days after from"));
        var after = query.Continuation is null ? null : ContinuationToken.Read(query.Continuation);
        if (query.Continuation is not null && after is null) errors.Add(new FieldError("continuation", "is not a token this list gave out"));
        if (query.Search is { Length: > 64 }) errors.Add(new FieldError("search", "must be at most 64 characters"));
        if (errors.Count > 0) throw new FormValidationException("worklist", errors);

        var zone = clinic.Zone;
        var low = ReadinessProjection.SortKeyPrefix(TimeZoneInfo.ConvertTimeToUtc(from.ToDateTime(TimeOnly.MinValue), zone));
        var high = ReadinessProjection.SortKeyPrefix(TimeZoneInfo.ConvertTimeToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue), zone));

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var term = string.IsNullOrWhiteSpace(query.Search) ? null : query.Search.Trim();
        var inRange = term is null
            ? Filtered(db.CaseReadiness.AsNoTracking().Where(r => string.Compare(r.SortKey, low) >= 0 && string.Compare(r.SortKey, high) < 0), query)
            : Searched(db.CaseReadiness.AsNoTracking(), term, query)
                .Where(r => string.Compare(r.SortKey + "", low) >= 0 && string.Compare(r.SortKey + "", high) < 0);

        var counts = await inRange.GroupBy(r => r.State).Select(g => new { State = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        int Count(ReadinessState state) => counts.FirstOrDefault(c => c.State == state.ToString())?.Count ?? 0;

        var page = inRange;
        if (query.State is { } wanted)
        {
            var name = wanted.ToString();
            page = page.Where(r => r.State == name);
        }
        if (after is not null)
            page = term is null ? page.Where(r => string.Compare(r.SortKey, after) > 0) : page.Where(r => string.Compare(r.SortKey + "", after) > 0);
        var rows = await page.OrderBy(r => r.SortKey).Take(size + 1).ToListAsync(cancellationToken);
        var more = rows.Count > size;
        if (more) rows.RemoveAt(rows.Count - 1);

        return new WorklistPage(from, to, rows.Select(r => Item(r, query.Language)).ToList(),
            more ? ContinuationToken.Write(rows[^1].SortKey) : null,
            new WorklistCounts(counts.Sum(c => c.Count), Count(ReadinessState.Done), Count(ReadinessState.Waiting), Count(ReadinessState.Blocked)));
    }

    /// <summary>The board's row of one case (the case page's readiness), or null when the instance has none.</summary>
    public async Task<WorklistItem?> GetAsync(Guid instanceId, string language, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.CaseReadiness.AsNoTracking().FirstOrDefaultAsync(r => r.InstanceId == instanceId, cancellationToken);
        return row is null ? null : Item(row, language);
    }

    private static bool OutOfCalendar(DateOnly? day) => day is { } d && (d < MinDate || d > MaxDate);

    private static string OutOfCalendarMessage =>
        $"must be a date between {MinDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} and {MaxDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    private (DateOnly From, DateOnly To) Range(WorklistQuery query)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), clinic.Zone).DateTime);
        var from = query.From ?? today;
        return (from, query.To ?? from.AddDays(DefaultDays));
    }

    private static IQueryable<CaseReadinessRow> Filtered(IQueryable<CaseReadinessRow> rows, WorklistQuery query)
    {
        if (!string.IsNullOrWhiteSpace(query.Surgeon))
        {
            var surgeon = query.Surgeon.Trim();
            rows = rows.Where(r => r.Surgeon == surgeon);
        }
        if (!string.IsNullOrWhiteSpace(query.Role))
            rows = rows.Where(AnyOpenRole(query.Role.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        return rows;
    }

    /// <summary>
    /// An MRN matches exactly; anything else is the start of a family or given name ("smi" finds Smith). One query: each
    /// alternative seeks its own (key, SortKey) index and checks the date range in that index before reading a row.
    /// The range, the keyset position and the surgeon are written as expressions (<c>SortKey || ''</c>) that no index can
    /// serve, on purpose: a name or MRN is far more selective than a week of the calendar, and SQLite, which keeps no
    /// statistics, would otherwise walk every case of the range and read each row to test its name.
    /// </summary>
    private static IQueryable<CaseReadinessRow> Searched(IQueryable<CaseReadinessRow> rows, string term, WorklistQuery query)
    {
        var name = ReadinessProjection.NameKey(term);
        var end = name + char.MaxValue;
        rows = rows.Where(r => r.Mrn == term
                               || (string.Compare(r.FamilyNameKey, name) >= 0 && string.Compare(r.FamilyNameKey, end) < 0)
                               || (string.Compare(r.GivenNameKey, name) >= 0 && string.Compare(r.GivenNameKey, end) < 0));
        if (!string.IsNullOrWhiteSpace(query.Surgeon))
        {
            var surgeon = query.Surgeon.Trim();
            rows = rows.Where(r => r.Surgeon + "" == surgeon);
        }
        return Filtered(rows, query with { Surgeon = null });
    }

    /// <summary>An open task for any of <paramref name="roles"/> ("nurse,witness": a nurse's inbox): OR of LIKEs on the ",role," list.</summary>
    private static Expression<Func<CaseReadinessRow, bool>> AnyOpenRole(IEnumerable<string> roles)
    {
        var row = Expression.Parameter(typeof(CaseReadinessRow), "r");
        var openRoles = Expression.Property(row, nameof(CaseReadinessRow.OpenRoles));
        var contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
        Expression? any = null;
        foreach (var role in roles.Distinct())
        {
            // A closure, not a constant: the role reaches the database as a parameter.
            var pattern = new RolePattern("," + role + ",");
            Expression test = Expression.Call(openRoles, contains, Expression.Property(Expression.Constant(pattern), nameof(RolePattern.Value)));
            any = any is null ? test : Expression.OrElse(any, test);
        }
        return Expression.Lambda<Func<CaseReadinessRow, bool>>(any ?? Expression.Constant(true), row);
    }

    private sealed record RolePattern(string Value);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    internal static WorklistItem Item(CaseReadinessRow r, string language)
    {
        var blockers = InLanguage<List<Blocker>>(r.BlockersJson, language) ?? [];
        var phases = InLanguage<List<ProcedurePhase>>(r.PhasesJson, language) ?? [];
        var state = Enum.Parse<ReadinessState>(r.State);
        var readiness = new Readiness(r.InstanceId, state, r.InstanceStatus, blockers, phases);
        var summary = new CaseSummary(r.InstanceId, r.CaseId, new PatientSummary(r.Mrn, r.FamilyName, r.GivenName, r.BirthDate, r.Sex),
            r.Procedure, "", r.Level, r.Side, r.Approach, r.Surgeon, r.SedationPlan, r.ScheduledStartUtc, r.TimeZoneId, r.Language, readiness);
        var tasks = (JsonSerializer.Deserialize<List<StoredTaskSummary>>(r.OpenTasksJson, Json) ?? [])
            .Select(t => new WorklistTask(t.Id, t.StepId, t.Kind, t.Roles, t.SignerRole,
                t.Title.TryGetValue(language, out var title) ? title : t.Title.GetValueOrDefault("en", t.StepId),
                t.Reason is null ? null : t.Reason.TryGetValue(language, out var reason) ? reason : t.Reason.GetValueOrDefault("en"), t.CreatedAtUtc, t.DueAtUtc, t.Version))
            .ToList();
        return new WorklistItem(summary, tasks);
    }

    /// <summary>Only the asked language's part is deserialized: a page reads dozens of rows, each with every language stored.</summary>
    private static T? InLanguage<T>(string json, string language) where T : class
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return root.TryGetProperty(language, out var part) || root.TryGetProperty("en", out part) ? part.Deserialize<T>(Json) : null;
    }
}

/// <summary>The keyset position (the last row's sort key), wrapped so callers treat it as opaque and cannot build one.</summary>
internal static class ContinuationToken
{
    private const string Prefix = "cf1:";

    public static string Write(string sortKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(Prefix + sortKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string? Read(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            if (!text.StartsWith(Prefix, StringComparison.Ordinal)) return null;
            var key = text[Prefix.Length..];
            // yyyyMMddHHmmss|32 hex digits: anything else was not made here.
            return key.Length == 47 && key[14] == '|' && long.TryParse(key.AsSpan(0, 14), NumberStyles.None, CultureInfo.InvariantCulture, out _)
                && Guid.TryParseExact(key[15..], "N", out _) ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
