namespace OpsReport.Core.Domain;

/// <summary>
/// The rows that stand for a whole load balancer or Lambda function beside application paths. Their services have no
/// memory to report (a load balancer has none, a Lambda function's is not a CloudWatch metric), so coverage does not
/// ask for it.
/// </summary>
public static class AggregatePaths
{
    private const string LoadBalancerSuffix = " (load balancer, all paths)";
    private const string LambdaSuffix = " (Lambda invocations)";

    public static string LoadBalancer(string name) => name + LoadBalancerSuffix;

    public static string LambdaFunction(string function) => function + LambdaSuffix;

    /// <summary>
    /// True for a load balancer's or Lambda function's row: counts of every request through it, which overlap with the
    /// per-path counts of the application behind it. SLO counting rule (no double count, see
    /// <c>SloCoverage.Matching</c>): an SLO on <c>*</c> sums the application paths only, and these rows only when no
    /// application path has requests for it. An SLO on a route template never matches them.
    /// </summary>
    public static bool IsAggregate(string path) =>
        path.EndsWith(LoadBalancerSuffix, StringComparison.Ordinal) || path.EndsWith(LambdaSuffix, StringComparison.Ordinal);

    /// <summary>True for a load balancer's or Lambda function's row, whose service has no memory series to expect.</summary>
    public static bool HasNoMemory(string path) => IsAggregate(path);
}
