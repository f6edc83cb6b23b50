namespace OpsReport.Core.Panels;

/// <summary>
/// The language-independent keys of the panel tables' columns: <see cref="PanelQueries"/> sets them and the report's
/// headlines read by them (never by header text or position), so a compiler-checked name joins the two.
/// </summary>
public static class PanelColumns
{
    public const string Path = "path";
    public const string P95 = "p95";
    public const string Change = "change";
    public const string Requests = "requests";
    public const string Tenant = "tenant";
    public const string TenantP95 = "tenant_p95";
    public const string OthersP95 = "others_p95";
    public const string Ratio = "ratio";
    public const string Service = "service";
    public const string Peak = "peak";
    public const string PeakPrevious = "peak_previous";
    public const string LogGroup = "log_group";
    public const string Bytes = "bytes";
    public const string BytesPrevious = "bytes_previous";
    public const string DebugShare = "debug_share";
    public const string AwsService = "aws_service";
    public const string Cost = "cost";
    public const string CostPrevious = "cost_previous";
    public const string Difference = "difference";
}
