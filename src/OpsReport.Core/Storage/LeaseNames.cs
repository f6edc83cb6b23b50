using OpsReport.Core.Domain;

namespace OpsReport.Core.Storage;

/// <summary>The names of the leases instances take in a shared store: one per collection stream, one per analysed environment.</summary>
public static class LeaseNames
{
    public static string Collect(StreamId stream) => $"collect:{stream.Source}/{stream.Environment}/{stream.Stream}";

    public static string Analyze(string environment) => $"analyze:{environment}";
}
