namespace OpsReport.Reports.Outbox;

/// <summary>How serious a line of <see cref="OutboxHealth"/> is.</summary>
public enum OutboxHealthLevel
{
    Ok,
    Warning,
    Error,
}

/// <summary>One line for <c>check</c>.</summary>
public sealed record OutboxHealthLine(OutboxHealthLevel Level, string Text);
