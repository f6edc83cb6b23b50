namespace OpsReport.Collectors.Sources.Demo;

/// <summary>A customer company of the demo product; <see cref="Id"/> is the value of the tenant dimension.</summary>
public sealed record DemoTenant(string Id, string DisplayName, DemoTenantSize Size);

/// <summary>How much a demo tenant uses the product: large tenants have more traffic, more data and more paths.</summary>
public enum DemoTenantSize
{
    Small,
    Medium,
    Large,
}
