using System.Net;
using System.Text;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Web.Security;

namespace ConsentFlow.Web.Verification;

/// <summary>
/// <c>GET /verify/{documentId}</c>: the page the QR code on a printed consent opens. Anyone holding the paper may
/// use it, so it is anonymous and rate limited, and it says only whether the document exists, its version and whether
/// it is current or superseded: nothing about the patient, the case or its dates.
/// </summary>
public static class PublicVerificationEndpoints
{
    public static IEndpointRouteBuilder MapPublicVerification(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/verify/{documentId}", async (string documentId, DocumentArchive archive, HttpResponse response, CancellationToken ct) =>
        {
            response.Headers.CacheControl = "no-store";
            response.Headers["X-Robots-Tag"] = "noindex";
            if (!Guid.TryParse(documentId, out var id))
                return Page(HttpStatusCode.BadRequest, null, "This is not a document number from a ConsentFlow consent.", "Esto no es un número de documento de un consentimiento de ConsentFlow.");
            var document = await archive.FindAsync(id, ct);
            if (document is null)
                return Page(HttpStatusCode.NotFound, id, "No document with this number exists in the clinic's records.", "No existe ningún documento con este número en los registros de la clínica.");
            var current = document.Status == nameof(Engine.Storage.DocumentStatus.Current);
            return Page(HttpStatusCode.OK, id,
                $"This document exists in the clinic's records. Version {document.Version}: " +
                (current ? "current (the latest version)." : "superseded (a newer version replaced it)."),
                $"Este documento existe en los registros de la clínica. Versión {document.Version}: " +
                (current ? "vigente (la versión más reciente)." : "reemplazada (una versión más nueva la sustituyó)."),
                current ? "current" : "superseded", document.Version);
        }).AllowAnonymous().RequireRateLimiting(SecurityServiceCollectionExtensions.PublicVerificationRateLimit)
          .ExcludeFromDescription();
        return routes;
    }

    static IResult Page(HttpStatusCode status, Guid? id, string english, string spanish, string? state = null, int? version = null)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>ConsentFlow document check</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5}")
            .Append(".current{color:#1b5e20}.superseded{color:#8a4b00}code{word-break:break-all}</style></head><body>")
            .Append("<h1>Document check</h1>");
        if (id is { } documentId)
            html.Append("<p>Document number: <code>").Append(documentId).Append("</code></p>");
        var css = state is null ? "" : $" class=\"{state}\"";
        html.Append("<p").Append(css).Append(" data-status=\"").Append(state ?? "unknown").Append('"')
            .Append(version is { } v ? $" data-version=\"{v}\"" : "").Append('>').Append(WebUtility.HtmlEncode(english)).Append("</p>")
            .Append("<p lang=\"es\"").Append(css).Append('>').Append(WebUtility.HtmlEncode(spanish)).Append("</p>")
            .Append("<p><small>This page shows no patient information. To check that a copy is unaltered, clinic staff can verify the PDF file's seal.</small></p>")
            .Append("<p lang=\"es\"><small>Esta página no muestra información del paciente. Para comprobar que una copia no fue alterada, el personal de la clínica puede verificar el sello del archivo PDF.</small></p>")
            .Append("</body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, (int)status);
    }
}
