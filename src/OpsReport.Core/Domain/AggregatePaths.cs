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

    /// <summary>True for a load balancer's or Lambda function's row, whose service has no memory series to expect.</summary>
    public static bool HasNoMemory(string path) => IsAggregate(path);

    /// <summary>True for a row that counts a whole load balancer or Lambda function rather than one application path.</summary>
    public static bool IsAggregate(string path) =>
        path.EndsWith(LoadBalancerSuffix, StringComparison.Ordinal) || path.EndsWith(LambdaSuffix, StringComparison.Ordinal);
}
