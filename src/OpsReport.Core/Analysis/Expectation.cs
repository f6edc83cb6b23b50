namespace OpsReport.Core.Analysis;

/// <summary>How an expectation was formed.</summary>
public enum BaselineMethod
{
    /// <summary>Not enough history to say what is usual.</summary>
    None,

    /// <summary>The same local time of week (hour of week for hourly series, weekday for daily ones) over 2–4 earlier weeks.</summary>
    SameTimeOfWeek,

    /// <summary>Short history: the same local time on the previous days of the same kind (working day or day off).</summary>
    TrailingDays,
}

/// <summary>What a value is expected to be: the median of comparable earlier values and their spread (MAD as a sigma).</summary>
public readonly record struct Expectation(double Value, double Sigma, int Samples, BaselineMethod Method)
{
    public static Expectation None { get; } = new(double.NaN, double.NaN, 0, BaselineMethod.None);

    public bool IsKnown => Method != BaselineMethod.None;
}
