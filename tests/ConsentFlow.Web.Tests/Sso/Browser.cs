using System.Net;
using System.Text.RegularExpressions;

namespace ConsentFlow.Web.Tests.Sso;

/// <summary>
/// As much of a browser as a sign-in needs: one cookie jar for the app and the provider, redirects followed, and the
/// provider's self-submitting form (OpenID Connect response_mode=form_post) submitted as its script would.
/// </summary>
public sealed partial class Browser : IDisposable
{
    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _http;

    public Browser() =>
        _http = new HttpClient(new LoopbackCookies(_cookies) { InnerHandler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false } })
        { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Every request the last navigation made, in order: where the sign-in actually went.</summary>
    public List<(HttpMethod Method, Uri Uri, HttpStatusCode Status)> History { get; } = [];

    public Task<HttpResponseMessage> GetAsync(Uri uri) => _http.GetAsync(uri);

    public bool HasCookie(Uri site, string name) => _cookies.GetCookies(site)[name] is not null;

    /// <summary>Goes to <paramref name="uri"/> and on, until a page that neither redirects nor posts itself; returns that page.</summary>
    public async Task<HttpResponseMessage> NavigateAsync(Uri uri)
    {
        History.Clear();
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        for (var hops = 0; hops < 10; hops++)
        {
            var response = await _http.SendAsync(request);
            History.Add((request.Method, request.RequestUri!, response.StatusCode));
            var next = await NextRequestAsync(request.RequestUri!, response);
            if (next is null) return response;
            response.Dispose();
            request = next;
        }
        throw new InvalidOperationException($"More than 10 hops from {uri}: {string.Join(" → ", History.Select(h => h.Uri))}");
    }

    private static async Task<HttpRequestMessage?> NextRequestAsync(Uri current, HttpResponseMessage response)
    {
        if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            return new HttpRequestMessage(HttpMethod.Get, new Uri(current, location));
        if (response.Content.Headers.ContentType?.MediaType != "text/html") return null;
        var html = await response.Content.ReadAsStringAsync();
        if (!html.Contains(".submit()") || FormTag().Match(html) is not { Success: true } form) return null;
        var fields = InputTag().Matches(html)
            .Select(input => (Name: Attribute(input.Value, "name"), Value: Attribute(input.Value, "value") ?? ""))
            .Where(field => field.Name is not null)
            .Select(field => new KeyValuePair<string, string>(field.Name!, field.Value));
        return new HttpRequestMessage(HttpMethod.Post, new Uri(current, Attribute(form.Value, "action")!)) { Content = new FormUrlEncodedContent(fields) };
    }

    private static string? Attribute(string tag, string name) =>
        Regex.Match(tag, $"""\b{name}="([^"]*)"(?:\s|/|>)""") is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;

    [GeneratedRegex("""<form\b[^>]*\bmethod="post"[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex FormTag();

    [GeneratedRegex("""<input\b[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex InputTag();

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// Browsers treat http://127.0.0.1 as a secure context and send it Secure cookies (the OpenID Connect handler's
    /// correlation and nonce cookies are Secure); CookieContainer sends those over https only, so on loopback the flag is
    /// dropped as the cookie is stored. Ports are ignored, as browsers do: app and provider share 127.0.0.1's jar.
    /// </summary>
    private sealed partial class LoopbackCookies(CookieContainer jar) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            if (jar.GetCookieHeader(uri) is { Length: > 0 } cookies) request.Headers.Add("Cookie", cookies);
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
                foreach (var setCookie in setCookies) jar.SetCookies(uri, uri.IsLoopback ? SecureFlag().Replace(setCookie, "") : setCookie);
            return response;
        }

        [GeneratedRegex(@";\s*secure\s*(?=;|$)", RegexOptions.IgnoreCase)]
        private static partial Regex SecureFlag();
    }
}
