using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>One <see cref="AwsApiClient"/> per environment, built on first use from its <see cref="AwsConnection"/>.</summary>
public sealed class AwsClientPool(AwsConnectionFactory connections, AwsClientSettings settings, TimeProvider timeProvider, ILoggerFactory? loggers = null)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AwsApiClient> _clients = new(StringComparer.OrdinalIgnoreCase);

    public AwsConnectionFactory Connections => connections;

    /// <exception cref="AwsConfigurationException">The environment's region or endpoint override is unusable.</exception>
    public AwsApiClient For(string environment)
    {
        lock (_gate)
        {
            if (!_clients.TryGetValue(environment, out var client))
            {
                client = new AwsApiClient(connections.For(environment), settings, timeProvider, (loggers ?? NullLoggerFactory.Instance).CreateLogger<AwsApiClient>());
                _clients[environment] = client;
            }
            return client;
        }
    }
}
