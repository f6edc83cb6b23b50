namespace OpsReport.Core.Slos;

/// <summary>What a good request is: fast enough (at or under a threshold) or answered without a server error.</summary>
public enum SliKind
{
    Latency,
    Availability,
}
