using System.Globalization;
using System.Net;
using System.Text;
using ConsentFlow.Documents.Pdf;
using QRCoder;

namespace ConsentFlow.Bench.Documents;

/// <summary>The same consent content as HTML, for the Chromium print-to-PDF peer.</summary>
internal static class HtmlConsent
{
    public static string Render(ConsentDocumentRequest r)
    {
        var sb = new StringBuilder();
        sb.Append("<!doctype html><html lang=\"").Append(r.Language).Append("\"><head><meta charset=\"utf-8\"><style>")
          .Append("@page{size:Letter;margin:0.75in}body{font-family:'Liberation Sans',sans-serif;font-size:10pt}")
          .Append("h1{font-size:16pt}h2{font-size:12.5pt;break-after:avoid}p{text-align:justify}")
          .Append("table{width:100%;border-collapse:collapse;font-size:9pt}thead{display:table-header-group}th{background:#eee;text-align:left}")
          .Append("td,th{padding:3px;border-bottom:0.5px solid #888;vertical-align:top}.sig{break-inside:avoid;display:flex;gap:16px;margin:8px 0}")
          .Append(".note{font-style:italic;font-size:8.5pt;color:#444}.evidence{break-before:page}</style></head><body>");
        sb.Append("<h1>").Append(E(r.Clinic.Name)).Append("</h1><div>").Append(E(r.Clinic.Address)).Append("</div>");
        sb.Append("<h2>Informed consent: ").Append(E(r.Procedure.TechnicalName)).Append("</h2><h2>Patient and procedure</h2>");
        Table(sb, null, [
            ["Patient", r.Patient.DisplayName], ["Medical record number", r.Patient.Mrn], ["Date of birth", r.Patient.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)],
            ["Procedure", r.Procedure.LayName], ["Technical name", $"{r.Procedure.TechnicalName} (CPT {r.Procedure.CptCode})"],
            ["Level", r.Procedure.Level], ["Side", r.Procedure.Side], ["Approach", r.Procedure.Approach], ["Responsible surgeon", r.Surgeon],
            ["Scheduled start", r.ScheduledStart.ToString("u", CultureInfo.InvariantCulture)]]);
        sb.Append("<h2>Document</h2>");
        Table(sb, null, [["Document ID", r.DocumentId.ToString()], ["Version", "1"], ["Consent template", $"{r.Consent.TemplateId} v{r.Consent.TemplateVersion}"]]);
        sb.Append("<h2>Consent text shown to the patient</h2><p><b>").Append(E(r.Consent.Title)).Append("</b></p>");
        foreach (var section in r.Consent.Sections)
        {
            sb.Append("<h2>").Append(E(section.Title)).Append("</h2>");
            foreach (var p in section.Paragraphs)
            {
                sb.Append(p.IsBullet ? "<ul><li>" : "<p>").Append(E(p.Text)).Append(p.IsBullet ? "</li></ul>" : "</p>");
                if (p.Cause is not null)
                    sb.Append("<div class=\"note\">Shown because: ").Append(E(p.Cause.ToString())).Append("</div>");
            }
        }

        sb.Append("<h2>Teach-back questions</h2>");
        Table(sb, ["Question", "Answer", "Result"], r.TeachBack.Select(t => new[] { t.Question, t.Answer, t.Passed ? "understood" : "not understood" }));
        sb.Append("<h2>Sedation screening summary</h2><ul>").AppendJoin("", r.ScreeningSummary.Select(s => $"<li>{E(s)}</li>")).Append("</ul>");
        sb.Append("<h2>Imaging checks</h2><ul>").AppendJoin("", r.ImagingSummary.Select(s => $"<li>{E(s)}</li>")).Append("</ul><h2>Signatures</h2>");
        foreach (var s in r.Signers)
        {
            sb.Append("<div class=\"sig\"><svg width=\"190\" height=\"56\" viewBox=\"0 0 300 100\">");
            if (s.Mark is StrokeSignature strokes)
                foreach (var stroke in strokes.Strokes)
                    sb.Append("<polyline fill=\"none\" stroke=\"black\" points=\"").AppendJoin(" ", stroke.Select(p => $"{p.X},{p.Y}")).Append("\"/>");
            sb.Append("</svg><div><b>").Append(E($"{s.Role}: {s.PrintedName}")).Append("</b><br>Meaning of signature: ").Append(E(s.Meaning))
              .Append("<br>Signed at: ").Append(s.SignedAt.ToString("u", CultureInfo.InvariantCulture)).Append(" (").Append(E(s.TimeZoneId)).Append(")</div></div>");
        }

        sb.Append("<div class=\"evidence\"><h2>Evidence</h2>");
        Table(sb, null, [["SHA-256 of the text shown on the tablet", r.Consent.ShownTextSha256], ["SHA-256 of the template file", r.Consent.TemplateSha256], ["Journal hash at signing", r.Evidence.JournalHashAtSigning]]);
        sb.Append("<h2>Time spent per section</h2>");
        Table(sb, ["Section", "Seconds"], r.Evidence.SecondsPerSection.Select(t => new[] { t.SectionId, t.Seconds.ToString("0", CultureInfo.InvariantCulture) }));
        using (var generator = new QRCodeGenerator())
        using (var data = generator.CreateQrCode($"urn:consentflow:document:{r.DocumentId}?version=1", QRCodeGenerator.ECCLevel.M))
            sb.Append("<div style=\"width:110px\">").Append(new SvgQRCode(data).GetGraphic(3)).Append("</div>");
        return sb.Append("</div></body></html>").ToString();
    }

    static void Table(StringBuilder sb, string[]? header, IEnumerable<string[]> rows)
    {
        sb.Append("<table>");
        if (header is not null)
            sb.Append("<thead><tr>").AppendJoin("", header.Select(h => $"<th>{E(h)}</th>")).Append("</tr></thead>");
        sb.Append("<tbody>");
        foreach (var row in rows)
            sb.Append("<tr>").AppendJoin("", row.Select(c => $"<td>{E(c)}</td>")).Append("</tr>");
        sb.Append("</tbody></table>");
    }

    static string E(string text) => WebUtility.HtmlEncode(text);
}
