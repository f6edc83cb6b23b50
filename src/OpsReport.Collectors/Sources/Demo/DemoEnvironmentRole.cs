namespace OpsReport.Collectors.Sources.Demo;

/// <summary>What a demo environment stands for; decided from its name (prod…, stag…, anything else is a demo/sandbox).</summary>
public enum DemoEnvironmentRole
{
    Production,
    Staging,
    Demo,
}
