using System.Globalization;
using ConsentFlow.Documents.Layout;
using ConsentFlow.Documents.Rendering;
using PdfSharp.Drawing;

namespace ConsentFlow.Documents.Pdf;

/// <summary>Decides what a consent document says and in which order, as a list of layout blocks.</summary>
internal static class ConsentDocumentComposer
{
    const string SignatureSectionId = "signature";
    static readonly XBrush NoteBrush = new XSolidBrush(XColor.FromArgb(70, 70, 70));

    /// <param name="copyNotice">For the patient's copy: the notice printed above everything, and no verification code
    /// (the copy is not the archived document a <c>/verify</c> page could confirm).</param>
    public static List<ILayoutBlock> Compose(ConsentDocumentRequest request, Typography type, bool seal, string? copyNotice = null)
    {
        var labels = DocumentLabels.For(request.Language);
        var circumstances = CircumstanceLabels.For(request.Language);
        var culture = CultureInfo.GetCultureInfo(labels.Culture);
        var blocks = new List<ILayoutBlock>
        {
            new ParagraphBlock(request.Clinic.Name, type.Title, "clinic name", Justify: false, SpaceAfter: 1),
            new ParagraphBlock(request.Clinic.Address, type.Small, "clinic address", Justify: false, SpaceAfter: 8),
            new HeadingBlock($"{labels.DocumentTitle}: {request.Procedure.TechnicalName}", type.Heading, SpaceBefore: 0),
            new HeadingBlock(labels.PatientHeading, type.Heading),
            KeyValues("patient and procedure table", [
                (labels.Patient, request.Patient.DisplayName),
                (labels.Mrn, request.Patient.Mrn),
                (labels.DateOfBirth, request.Patient.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                (labels.Procedure, request.Procedure.LayName),
                (labels.TechnicalName, $"{request.Procedure.TechnicalName} (CPT {request.Procedure.CptCode})"),
                (labels.Level, request.Procedure.Level),
                (labels.Side, labels.SideName(request.Procedure.Side)),
                (labels.Approach, request.Procedure.Approach),
                (labels.Surgeon, request.Surgeon),
                (labels.ScheduledStart, SignatureBlock.SignedAtText(request.ScheduledStart, request.ScheduledTimeZoneId)),
            ]),
            new HeadingBlock(circumstances.Heading, type.Heading),
            KeyValues("consent circumstances table", [
                (circumstances.Capacity, request.Circumstances.PatientHasCapacity ? circumstances.HasCapacity : circumstances.LacksCapacity),
                (circumstances.AssessedBy, request.Circumstances.CapacityAssessedBy),
                (circumstances.SignerType, circumstances.SignerText(request.Circumstances.Representative)),
                (circumstances.Interpreter, circumstances.InterpreterText(request.Circumstances.Interpreter)),
            ]),
            new HeadingBlock(labels.DocumentHeading, type.Heading),
            KeyValues("document table", DocumentRows(request, labels)),
            new HeadingBlock(labels.ConsentHeading, type.Heading),
            new ParagraphBlock(request.Consent.Title, type.BodyBold, "consent title", Justify: false),
        };

        foreach (var section in request.Consent.Sections.Where(s => s.Id != SignatureSectionId))
            AddSection(blocks, section, type, labels);

        blocks.Add(new HeadingBlock(labels.TeachBackHeading, type.Heading));
        blocks.Add(new TableBlock(
            [new(labels.Question, 5), new(labels.Answer, 5), new(labels.Result, 2)],
            request.TeachBack.Select(t => (IReadOnlyList<string>)[t.Question, t.Answer, t.Passed ? labels.Passed : labels.Failed]).ToList(),
            "teach-back table"));
        AddBullets(blocks, labels.ScreeningHeading, request.ScreeningSummary, "screening summary", type);
        AddBullets(blocks, labels.ImagingHeading, request.ImagingSummary, "imaging summary", type);

        blocks.Add(new HeadingBlock(labels.SignaturesHeading, type.Heading));
        foreach (var section in request.Consent.Sections.Where(s => s.Id == SignatureSectionId))
            AddParagraphs(blocks, section, type, labels);
        blocks.AddRange(request.Signers.Select((s, i) => new SignatureBlock(s, labels, i)));

        blocks.Add(new PageBreakBlock());
        AddEvidence(blocks, request, type, labels, culture, seal, verificationCode: copyNotice is null);
        if (copyNotice is not null)
            blocks.Insert(0, new HeadingBlock(copyNotice, type.Heading, SpaceBefore: 0, SpaceAfter: 8));
        return blocks;
    }

    static IEnumerable<(string, string)> DocumentRows(ConsentDocumentRequest request, DocumentLabels labels)
    {
        yield return (labels.DocumentId, request.DocumentId.ToString());
        yield return (labels.Version, request.Version.ToString(CultureInfo.InvariantCulture));
        if (request.SupersedesDocumentId is { } previous)
            yield return (labels.Supersedes, previous.ToString());
        yield return (labels.Template, $"{request.Consent.TemplateId} v{request.Consent.TemplateVersion} ({request.Consent.Language})");
    }

    static void AddSection(List<ILayoutBlock> blocks, RenderedSection section, Typography type, DocumentLabels labels)
    {
        blocks.Add(new HeadingBlock(section.Title, type.Heading));
        AddParagraphs(blocks, section, type, labels);
    }

    static void AddParagraphs(List<ILayoutBlock> blocks, RenderedSection section, Typography type, DocumentLabels labels)
    {
        for (var i = 0; i < section.Paragraphs.Count; i++)
        {
            var paragraph = section.Paragraphs[i];
            var location = $"section '{section.Id}' paragraph {i + 1}";
            blocks.Add(new ParagraphBlock(paragraph.Text, type.Body, location, Bullet: paragraph.IsBullet, SpaceAfter: paragraph.Cause is null ? 5 : 1));
            if (paragraph.Cause is not null)
                blocks.Add(new ParagraphBlock($"{labels.ShownBecause}: {paragraph.Cause}", type.Note, location + " cause", Justify: false, Indent: paragraph.IsBullet ? 14 : 0, Brush: NoteBrush));
        }
    }

    static void AddBullets(List<ILayoutBlock> blocks, string heading, IReadOnlyList<string> lines, string location, Typography type)
    {
        if (lines.Count == 0)
            return;
        blocks.Add(new HeadingBlock(heading, type.Heading));
        blocks.AddRange(lines.Select((line, i) => new ParagraphBlock(line, type.Body, $"{location} line {i + 1}", Justify: false, Bullet: true, SpaceAfter: 2)));
    }

    static void AddEvidence(List<ILayoutBlock> blocks, ConsentDocumentRequest request, Typography type, DocumentLabels labels, CultureInfo culture, bool seal, bool verificationCode)
    {
        blocks.Add(new HeadingBlock(labels.EvidenceHeading, type.Heading, SpaceBefore: 0));
        blocks.Add(KeyValues("evidence table", [
            (labels.DocumentId, request.DocumentId.ToString()),
            (labels.Version, request.Version.ToString(CultureInfo.InvariantCulture)),
            (labels.Template, $"{request.Consent.TemplateId} v{request.Consent.TemplateVersion} ({request.Consent.Language})"),
            (labels.TemplateSha256, request.Consent.TemplateSha256),
            (labels.ShownTextSha256, request.Consent.ShownTextSha256),
            (labels.JournalHash, request.Evidence.JournalHashAtSigning),
        ]));

        var conditional = request.Consent.Sections
            .SelectMany(s => s.Paragraphs.Where(p => p.Cause is not null).Select(p => (IReadOnlyList<string>)[s.Title, p.Cause!.ToString()]))
            .ToList();
        if (conditional.Count > 0)
        {
            blocks.Add(new HeadingBlock(labels.ConditionalHeading, type.Heading));
            blocks.Add(new TableBlock([new(labels.Section, 1), new(labels.Cause, 1)], conditional, "conditional paragraph table"));
        }

        var titles = request.Consent.Sections.ToDictionary(s => s.Id, s => s.Title);
        blocks.Add(new HeadingBlock(labels.ReadingTimeHeading, type.Heading));
        blocks.Add(new TableBlock(
            [new(labels.Section, 3), new(labels.Seconds, 1)],
            request.Evidence.SecondsPerSection
                .Select(t => (IReadOnlyList<string>)[titles.GetValueOrDefault(t.SectionId, t.SectionId), t.Seconds.ToString("0", culture)])
                .ToList(),
            "reading time table"));

        blocks.Add(new SpacerBlock(8));
        if (verificationCode)
            blocks.Add(new QrCodeBlock(VerificationPayload(request.Clinic, request.DocumentId, request.Version), labels.QrCaption));
        if (seal)
        {
            var sealLabels = CircumstanceLabels.For(request.Language);
            blocks.Add(new SpacerBlock(8));
            blocks.Add(new SealBlock([string.Format(CultureInfo.InvariantCulture, sealLabels.SealTitle, request.Clinic.Name), sealLabels.SealStatement]));
        }
    }

    /// <summary>
    /// The QR payload: the app's public verification page for this document, which anyone holding the paper
    /// can open; it carries nothing about the patient. Without a configured public address, the document's URN.
    /// </summary>
    internal static string VerificationPayload(ClinicDetails clinic, Guid documentId, int version) =>
        string.IsNullOrWhiteSpace(clinic.PublicBaseUrl)
            ? $"urn:consentflow:document:{documentId}?version={version.ToString(CultureInfo.InvariantCulture)}"
            : $"{clinic.PublicBaseUrl.TrimEnd('/')}/verify/{documentId}";

    /// <summary>The identifiers printed at the top of every page.</summary>
    internal static string PatientHeader(ConsentDocumentRequest request) =>
        string.Format(CultureInfo.InvariantCulture, CircumstanceLabels.For(request.Language).PatientHeader,
            request.Patient.DisplayName, request.Patient.Mrn, request.Patient.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    static TableBlock KeyValues(string location, IEnumerable<(string Key, string Value)> rows) =>
        new([new("", 2), new("", 5)], rows.Select(r => (IReadOnlyList<string>)[r.Key, r.Value]).ToList(), location, ShowHeader: false);
}
