using OpsReport.Reports.Outbox;

namespace OpsReport.Reports.Scheduling;

/// <summary>What one scheduler pass did: the reports it fired (at most one occurrence each) and the deliveries it retried.</summary>
public sealed record SchedulerPass(DateTimeOffset At, IReadOnlyList<ScheduledRun> Runs, IReadOnlyList<SendResult> Retried);

/// <summary>One scheduled report fired for one occurrence (<see cref="Slot"/>, UTC), with a result per environment and tenant.</summary>
public sealed record ScheduledRun(string Report, DateTimeOffset Slot, IReadOnlyList<SendResult> Results);
