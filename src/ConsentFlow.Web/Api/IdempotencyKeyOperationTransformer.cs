using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ConsentFlow.Web.Api;

/// <summary>Documents the optional Idempotency-Key header on every endpoint with <see cref="IdempotentCreation"/>.</summary>
public sealed class IdempotencyKeyOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<IdempotentCreation.IdempotencyKeyMetadata>().Any()) return Task.CompletedTask;
        operation.Parameters ??= [];
        if (operation.Parameters.Any(p => string.Equals(p.Name, Preconditions.IdempotencyKeyHeader, StringComparison.OrdinalIgnoreCase))) return Task.CompletedTask;
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = Preconditions.IdempotencyKeyHeader, In = ParameterLocation.Header, Required = false,
            Description = "A retry with the same key and body answers the first result; the same key with another body is 409.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = Engine.Runtime.IdempotencyClaim.MaxKeyLength },
        });
        return Task.CompletedTask;
    }
}
