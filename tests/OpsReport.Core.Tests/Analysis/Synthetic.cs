using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Time;

namespace OpsReport.Core.Tests.Analysis;

/// <summary>
/// Generators of realistic hourly series for the detector suites: a Japanese business-day profile, quiet weekends and
/// public holidays, a busy Monday morning, day-to-day variation and log-normal noise, on which anomalies are planted.
/// </summary>
internal static class Synthetic
{
    public static readonly ZoneCalendar Tokyo = new("Asia/Tokyo");

    public static readonly AnalysisCalendar Calendar = AnalysisCalendar.From(Tokyo, new AnalysisOptions());

    private static readonly double[] Profile =
    [
        0.10, 0.07, 0.06, 0.05, 0.05, 0.07, 0.12, 0.25, 0.55, 0.90, 1.00, 1.00,
        0.82, 0.95, 1.00, 1.00, 0.97, 0.92, 0.80, 0.62, 0.45, 0.32, 0.22, 0.15,
    ];

    /// <summary>Relative load (about 0.04–1.35) at a UTC hour, as Tokyo office hours shape it; holidays look like Sundays.</summary>
    public static double Load(DateTimeOffset utc, double weekendLevel = 0.2)
    {
        var local = Tokyo.ToLocal(utc).DateTime;
        var shape = Profile[local.Hour];
        if (Calendar.IsOffDay(DateOnly.FromDateTime(local)))
            return 0.04 + (weekendLevel * shape);
        return local.DayOfWeek == DayOfWeek.Monday && local.Hour is >= 9 and < 12 ? shape * 1.35 : shape;
    }

    /// <summary>Hourly values <c>scale × (floor + load)</c> with day-level and hour-level log-normal noise.</summary>
    public static RegularSeries Traffic(DateTimeOffset start, int hours, Random random, double scale, double noise = 0.08, double floor = 0.15,
        double monthEndFactor = 1)
    {
        var values = new double[hours];
        var dayNoise = new Dictionary<DateOnly, double>();
        for (var i = 0; i < hours; i++)
        {
            var t = start.AddHours(i);
            var local = Tokyo.ToLocal(t).DateTime;
            var date = DateOnly.FromDateTime(local);
            if (!dayNoise.TryGetValue(date, out var day))
                dayNoise[date] = day = Math.Exp(0.05 * Normal(random));
            var v = scale * (floor + Load(t)) * day * Math.Exp(noise * Normal(random));
            // Month-end billing batch: the last evening of every month runs heavy.
            if (monthEndFactor != 1 && date.Day == DateTime.DaysInMonth(date.Year, date.Month) && local.Hour is >= 18 and < 24)
                v *= monthEndFactor;
            values[i] = v;
        }
        return new RegularSeries(start, TimeSpan.FromHours(1), values);
    }

    public static double Normal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A UTC hour start for a Tokyo wall-clock time.</summary>
    public static DateTimeOffset Jst(int year, int month, int day, int hour = 0) =>
        new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.FromHours(9)).ToUniversalTime();
}

/// <summary>Counts of a detector suite and the precision and recall they give.</summary>
internal sealed class DetectionScore(string detector)
{
    public int TruePositives { get; private set; }

    public int FalsePositives { get; private set; }

    public int FalseNegatives { get; private set; }

    public List<string> Misses { get; } = [];

    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

    public void Hit() => TruePositives++;

    public void Miss(string what)
    {
        FalseNegatives++;
        Misses.Add("missed: " + what);
    }

    public void FalseAlarm(string what)
    {
        FalsePositives++;
        Misses.Add("false alarm: " + what);
    }

    public string Report() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{detector}: precision {Precision:0.000} recall {Recall:0.000} (TP {TruePositives}, FP {FalsePositives}, FN {FalseNegatives})")
        + (Misses.Count == 0 ? "" : Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", Misses));
}
