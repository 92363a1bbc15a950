using System.Security.Cryptography;
using System.Text;
using ConsentFlow.Engine.Journal;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Publishing;

/// <summary>One language of a template as the studio stores it.</summary>
public sealed record ConsentTemplateText(string Language, string Markdown);

public sealed record ConsentTemplateDraft(string TemplateId, IReadOnlyList<ConsentTemplateText> Texts, DateTime SavedAtUtc, string SavedBy);

public sealed record PublishedConsentTemplate(string TemplateId, int Version, IReadOnlyList<ConsentTemplateText> Texts, string Note,
    DateTime PublishedAtUtc, string PublishedBy);

/// <summary>
/// Consent template versions written in the studio: one working draft per template (every language together, since a
/// version is only valid with all its translations) and published versions that are never overwritten. Whether the
/// text is a valid template is the documents library's call, made before anything reaches here; every save and
/// publication is journaled with the administrator.
/// </summary>
public sealed class ConsentTemplateVersions(IDbContextFactory<ConsentFlowDbContext> contexts, TimeProvider clock)
{
    public async Task SaveDraftAsync(string templateId, IReadOnlyList<ConsentTemplateText> texts, Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var drafts = await db.ConsentTemplates.Where(t => t.TemplateId == templateId && t.State == ConsentTemplateState.Draft).ToListAsync(cancellationToken);
        db.ConsentTemplates.RemoveRange(drafts.Where(d => texts.All(t => t.Language != d.Language)));
        foreach (var text in texts)
        {
            var draft = drafts.FirstOrDefault(d => d.Language == text.Language);
            if (draft is null)
            {
                draft = new StoredConsentTemplate { Id = Ids.New(), TemplateId = templateId, Language = text.Language, State = ConsentTemplateState.Draft };
                db.ConsentTemplates.Add(draft);
            }
            draft.Markdown = text.Markdown;
            draft.Sha256 = Sha256(text.Markdown);
            draft.CreatedAtUtc = now;
            draft.CreatedBy = actor.Id;
        }

        var journal = new JournalWriter(db, clock);
        journal.Record(JournalStreams.Definitions, null, null, actor, "consentTemplate.draftSaved",
            new { template = templateId, texts = texts.Select(t => new { language = t.Language, sha256 = Sha256(t.Markdown) }) }, templateId);
        await journal.ChainAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException($"Another administrator saved the draft of consent template '{templateId}' at the same moment; reload it and save again.");
        }
    }

    public async Task<ConsentTemplateDraft?> GetDraftAsync(string templateId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.ConsentTemplates.AsNoTracking()
            .Where(t => t.TemplateId == templateId && t.State == ConsentTemplateState.Draft)
            .OrderBy(t => t.Language).ToListAsync(cancellationToken);
        if (rows.Count == 0) return null;
        var latest = rows.MaxBy(r => r.CreatedAtUtc)!;
        return new ConsentTemplateDraft(templateId, rows.Select(r => new ConsentTemplateText(r.Language, r.Markdown)).ToList(), latest.CreatedAtUtc, latest.CreatedBy);
    }

    /// <summary>Stores a new version and clears the draft, in one transaction.</summary>
    /// <exception cref="ConflictException">The version already exists (published by someone else meanwhile).</exception>
    public async Task<PublishedConsentTemplate> PublishAsync(string templateId, int version, IReadOnlyList<ConsentTemplateText> texts, string note, Actor actor,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (await db.ConsentTemplates.AnyAsync(t => t.TemplateId == templateId && t.State == ConsentTemplateState.Published && t.Version >= version, cancellationToken))
            throw new ConflictException($"Consent template '{templateId}' already has version {version} or later; a published version is never replaced.");

        foreach (var text in texts)
        {
            db.ConsentTemplates.Add(new StoredConsentTemplate
            {
                Id = Ids.New(), TemplateId = templateId, Version = version, Language = text.Language, State = ConsentTemplateState.Published,
                Markdown = text.Markdown, Sha256 = Sha256(text.Markdown), Note = note, CreatedAtUtc = now, CreatedBy = actor.Id,
            });
        }
        db.ConsentTemplates.RemoveRange(await db.ConsentTemplates.Where(t => t.TemplateId == templateId && t.State == ConsentTemplateState.Draft).ToListAsync(cancellationToken));

        var journal = new JournalWriter(db, clock);
        journal.Record(JournalStreams.Definitions, null, null, actor, "consentTemplate.published",
            new { template = templateId, version, note, texts = texts.Select(t => new { language = t.Language, sha256 = Sha256(t.Markdown) }) }, templateId, version);
        await journal.ChainAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException($"Version {version} of consent template '{templateId}' was published by someone else at the same time; reload and publish again.");
        }
        return new PublishedConsentTemplate(templateId, version, texts, note, now, actor.Id);
    }

    /// <summary>Every published version, oldest first.</summary>
    public async Task<IReadOnlyList<PublishedConsentTemplate>> ListPublishedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.ConsentTemplates.AsNoTracking().Where(t => t.State == ConsentTemplateState.Published).ToListAsync(cancellationToken);
        return rows.GroupBy(r => (r.TemplateId, r.Version))
            .OrderBy(g => g.Key.TemplateId, StringComparer.Ordinal).ThenBy(g => g.Key.Version)
            .Select(g => new PublishedConsentTemplate(g.Key.TemplateId, g.Key.Version,
                g.OrderBy(r => r.Language, StringComparer.Ordinal).Select(r => new ConsentTemplateText(r.Language, r.Markdown)).ToList(),
                g.First().Note, g.First().CreatedAtUtc, g.First().CreatedBy))
            .ToList();
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
