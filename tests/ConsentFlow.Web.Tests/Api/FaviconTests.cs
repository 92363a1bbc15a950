using System.Net;
using ConsentFlow.Web.Tests.Support;

namespace ConsentFlow.Web.Tests.Api;

/// <summary>Issue 12: the browser's tab icon is served (it answered 404), from the page's own link, to anyone.</summary>
[Collection(AppCollection.Name)]
public sealed class FaviconTests(RunningApp app)
{
    [Fact]
    public async Task Every_page_names_a_tab_icon_that_is_served_without_sign_in()
    {
        var client = app.Anonymous();
        using var page = await client.GetAsync("/account/login");
        var html = await page.Content.ReadAsStringAsync();
        var link = System.Text.RegularExpressions.Regex.Match(html, "<link[^>]*rel=\"icon\"[^>]*href=\"([^\"]+)\"");
        Assert.True(link.Success, $"the page has no icon link: {html[..Math.Min(600, html.Length)]}");

        using var icon = await client.GetAsync("/" + link.Groups[1].Value.TrimStart('/'));
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
    }
}
