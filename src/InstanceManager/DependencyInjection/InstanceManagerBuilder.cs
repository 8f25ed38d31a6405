namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The registration of one client, as <see cref="IInstanceManagerBuilder"/> exposes it.</summary>
internal sealed class InstanceManagerBuilder(IServiceCollection services, object? serviceKey, IHttpClientBuilder httpClientBuilder) : IInstanceManagerBuilder
{
    public IServiceCollection Services { get; } = services;

    public object? ServiceKey { get; } = serviceKey;

    public IHttpClientBuilder HttpClientBuilder { get; } = httpClientBuilder;
}
