namespace OpsReport.Core.Domain;

/// <summary>
/// One release of a service into an environment: what went out (<paramref name="Version"/>), when (UTC) and who told us
/// (<paramref name="Source"/>: <c>ecs</c>, <c>datadog</c>, <c>api</c> or <c>demo</c>). Identity is (environment, service,
/// version, time), so hearing about the same deploy again changes nothing.
/// </summary>
public sealed record Deploy(string Environment, string Service, string Version, DateTimeOffset At, string Source)
{
    public const string SourceEcs = "ecs";
    public const string SourceDatadog = "datadog";
    public const string SourceApi = "api";
    public const string SourceDemo = "demo";
}
