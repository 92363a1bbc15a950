using System.Reflection;
using ConsentFlow.Web.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ConsentFlow.Web.Tests.Security;

/// <summary>A new endpoint or page cannot be forgotten: each names an access policy or says, on purpose, that it is public.</summary>
[Collection(AppCollection.Name)]
public sealed class EndpointPolicyTests(RunningApp app)
{
    // Open to any signed-in person by the fallback policy: the Blazor hub (each page and action then authorizes itself),
    // sign-out, and two framework endpoints that carry no data (enhanced navigation's redirect, the development file fallback).
    private static readonly string[] AnySignedInPerson = ["/_blazor", "/account/logout", "/_framework/opaque-redirect", "/{**path:file}"];

    [Fact]
    public void Every_mapped_endpoint_names_a_policy_or_is_deliberately_public()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.True(endpoints.Count > 40, $"only {endpoints.Count} endpoints found");
        var unguarded = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Where(e => !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => !string.IsNullOrEmpty(a.Policy)))
            .Where(e => !IsComponentPage(e))
            .Select(e => e.RoutePattern.RawText ?? e.DisplayName ?? "?")
            .Where(route => !AnySignedInPerson.Any(allowed => ("/" + route.TrimStart('/')).StartsWith(allowed, StringComparison.Ordinal)))
            .ToList();
        Assert.True(unguarded.Count == 0, "Endpoints without a policy: " + string.Join(", ", unguarded));
    }

    [Fact]
    public void Every_routable_page_names_a_policy_or_is_deliberately_public()
    {
        var pages = typeof(Program).Assembly.GetTypes().Where(t => t.GetCustomAttributes<RouteAttribute>().Any()).ToList();
        Assert.True(pages.Count >= 9, $"only {pages.Count} pages found");
        var unguarded = pages.Where(page => page.GetCustomAttribute<AllowAnonymousAttribute>() is null
                && page.GetCustomAttributes<AuthorizeAttribute>().All(a => string.IsNullOrEmpty(a.Policy)))
            .Select(page => page.Name).ToList();
        Assert.True(unguarded.Count == 0, "Pages without a policy: " + string.Join(", ", unguarded));
    }

    /// <summary>Component endpoints carry their page's attributes; the page test above checks those.</summary>
    private static bool IsComponentPage(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is { Type: var type } && type.GetCustomAttributes<RouteAttribute>().Any()
        && (type.GetCustomAttribute<AllowAnonymousAttribute>() is not null || type.GetCustomAttributes<AuthorizeAttribute>().Any(a => !string.IsNullOrEmpty(a.Policy)));
}
