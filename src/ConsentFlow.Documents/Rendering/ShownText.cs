using System.Security.Cryptography;
using System.Text;

namespace ConsentFlow.Documents.Rendering;

/// <summary>
/// The canonical text of a consent: the tablet, the PDF evidence page and any later check must hash
/// the same characters, so the layout is fixed here (NFC, LF line ends, one blank line between sections).
/// </summary>
public static class ShownText
{
    public const string BulletPrefix = "• ";

    public static string Compose(string title, IEnumerable<RenderedSection> sections)
    {
        var sb = new StringBuilder();
        sb.Append(title).Append('\n');
        foreach (var section in sections)
        {
            sb.Append('\n').Append(section.Title).Append('\n');
            foreach (var paragraph in section.Paragraphs)
                sb.Append(paragraph.IsBullet ? BulletPrefix : "").Append(paragraph.Text).Append('\n');
        }

        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    public static string Sha256(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.Normalize(NormalizationForm.FormC))));
}
