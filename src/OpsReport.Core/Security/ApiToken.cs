namespace OpsReport.Core.Security;

/// <summary>An API token as stored: its name, role and when it was made. The token itself is never stored, only its hash.</summary>
public sealed record ApiToken(string Name, ApiRole Role, DateTimeOffset Created);

/// <summary>What a signed-in person or token may do: read everything, or also send and change things.</summary>
public enum ApiRole
{
    Viewer,
    Operator,
}
