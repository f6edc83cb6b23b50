namespace OpsReport.Core.Storage;

/// <summary>What a store is, for people: provider, where it lives (never a password) and its schema version.</summary>
public sealed record StoreDescription(string Provider, string Location, int SchemaVersion, int LatestSchemaVersion)
{
    public override string ToString() =>
        $"{Provider} {Location}, schema version {SchemaVersion}" + (SchemaVersion == LatestSchemaVersion ? "" : $" (this build expects {LatestSchemaVersion})");
}
