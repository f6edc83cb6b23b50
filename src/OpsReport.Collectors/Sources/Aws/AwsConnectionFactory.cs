using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Amazon.SecurityToken;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>
/// Builds each environment's <see cref="AwsConnection"/> from <c>OpsReport:Environments:N:Aws</c>: the profile (SSO,
/// role and credential-process profiles included) or the SDK's default chain (environment variables, AWS_PROFILE, web
/// identity, container and instance roles), then the role to assume, and the region.
/// </summary>
public sealed class AwsConnectionFactory
{
    private readonly OpsReportOptions _options;
    private readonly Func<string, AwsEnvironmentOptions, int, AwsConnection> _create;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AwsConnection> _connections = new(StringComparer.OrdinalIgnoreCase);

    public AwsConnectionFactory(IOptions<OpsReportOptions> options)
        : this(options.Value, Environment.GetEnvironmentVariable, profilesLocation: null)
    {
    }

    /// <param name="environmentVariables">Process variables (AWS_REGION, AWS_ENDPOINT_URL…); tests pass their own.</param>
    /// <param name="profilesLocation">A shared credentials file instead of the default ~/.aws files.</param>
    internal AwsConnectionFactory(OpsReportOptions options, Func<string, string?> environmentVariables, string? profilesLocation)
    {
        _options = options;
        var endpoints = new AwsEndpointResolver(environmentVariables);
        _create = (name, aws, index) => Create(name, aws, index, endpoints, environmentVariables, profilesLocation);
    }

    /// <summary>For tests: connections made by the caller.</summary>
    internal AwsConnectionFactory(OpsReportOptions options, Func<string, AwsEnvironmentOptions, AwsConnection> create)
    {
        _options = options;
        _create = (name, aws, _) => create(name, aws);
    }

    /// <summary>The environment's AWS settings, or null when it does not use AWS.</summary>
    public AwsEnvironmentOptions? OptionsFor(string environment) =>
        _options.Environments.FirstOrDefault(e => string.Equals(e.Name, environment, StringComparison.OrdinalIgnoreCase))?.Aws;

    /// <summary>Names of the environments with an <c>Aws</c> section.</summary>
    public IReadOnlyList<string> Environments => _options.Environments.Where(e => e.Aws is not null).Select(e => e.Name).ToList();

    /// <exception cref="AwsConfigurationException">No region can be found for the environment.</exception>
    public AwsConnection For(string environment)
    {
        lock (_gate)
        {
            if (_connections.TryGetValue(environment, out var known))
                return known;
            var index = _options.Environments.FindIndex(e => string.Equals(e.Name, environment, StringComparison.OrdinalIgnoreCase));
            var aws = index >= 0 ? _options.Environments[index].Aws : null;
            if (aws is null)
                throw new ArgumentException($"Environment '{environment}' has no Aws section.", nameof(environment));
            var connection = _create(_options.Environments[index].Name, aws, index);
            _connections[environment] = connection;
            return connection;
        }
    }

    private static AwsConnection Create(string environment, AwsEnvironmentOptions aws, int index, AwsEndpointResolver endpoints, Func<string, string?> variables, string? profilesLocation)
    {
        var profiles = profilesLocation is null ? new CredentialProfileStoreChain() : new CredentialProfileStoreChain(profilesLocation);
        var profileName = aws.Profile ?? NonEmpty(variables("AWS_PROFILE"));
        var region = aws.Region ?? NonEmpty(variables("AWS_REGION")) ?? NonEmpty(variables("AWS_DEFAULT_REGION"))
            ?? (profiles.TryGetProfile(profileName ?? "default", out var profile) ? profile.Region?.SystemName : null)
            ?? throw new AwsConfigurationException(
                $"{environment}: no AWS region; set {OpsReportOptions.SectionName}:Environments:{index}:Aws:Region (e.g. ap-northeast-1), AWS_REGION, or the profile's region.");

        var description = aws.Profile is not null ? $"profile '{aws.Profile}'" : "the default credential chain";
        if (aws.RoleArn is not null)
            description += $", then role {aws.RoleArn}";

        Task<AWSCredentials> Resolve(CancellationToken cancellationToken)
        {
            AWSCredentials source;
            if (aws.Profile is not null)
            {
                if (!profiles.TryGetAWSCredentials(aws.Profile, out source))
                    throw new AwsConfigurationException($"{environment}: AWS profile '{aws.Profile}' was not found (or cannot give credentials) in {profiles.ProfilesLocation ?? "~/.aws/config and ~/.aws/credentials"}.");
            }
            else
            {
                source = DefaultAWSCredentialsIdentityResolver.GetCredentials(null);
            }
            AWSCredentials result = aws.RoleArn is null
                ? source
                : new StsRoleCredentials(environment, source, aws.RoleArn, aws.ExternalId, () => StsConfig(endpoints, region));
            return Task.FromResult(result);
        }

        return new AwsConnection(environment, region, description, Resolve, endpoints);
    }

    /// <summary>STS client settings for the environment: regional endpoint, or the configured override.</summary>
    internal static AmazonSecurityTokenServiceConfig StsConfig(AwsEndpointResolver endpoints, string region)
    {
        var (endpoint, overridden) = endpoints.Resolve(AwsService.Sts, region);
        var config = new AmazonSecurityTokenServiceConfig
        {
            // Overrides are resolved above, from the variables this process was given.
            IgnoreConfiguredEndpointUrls = true,
            MaxErrorRetry = 3,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (overridden)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        return config;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
