using OpsReport.Core.Slos;

namespace OpsReport.Core.Tests.Slos;

/// <summary>
/// Hourly good/total counts made without the evaluator: a day-shaped request count and bad requests drawn around a
/// chosen burn rate (bad share = rate × error budget), with planted episodes at other rates.
/// </summary>
internal sealed class SyntheticSloCounts
{
    public static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly double[] _rates;

    public SyntheticSloCounts(int hours, double baseRate)
    {
        _rates = Enumerable.Repeat(baseRate, hours).ToArray();
    }

    public int Hours => _rates.Length;

    public DateTimeOffset End => Start + TimeSpan.FromHours(Hours);

    public DateTimeOffset HourAt(int i) => Start + TimeSpan.FromHours(i);

    /// <summary>Burn at <paramref name="rate"/> from hour <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive).</summary>
    public SyntheticSloCounts Plant(int from, int to, double rate)
    {
        for (var i = from; i < Math.Min(to, Hours); i++)
            _rates[i] = rate;
        return this;
    }

    public SloSeries Build(SloDefinition definition, int seed = 7)
    {
        var random = new Random(seed);
        var good = new double[Hours];
        var total = new double[Hours];
        for (var i = 0; i < Hours; i++)
        {
            // Daytime peak, night trough: 300 to 1,700 requests an hour.
            var requests = Math.Round(1000 + (700 * Math.Sin(2 * Math.PI * ((i % 24) - 6) / 24)) + (30 * Normal(random)));
            var p = Math.Min(1, _rates[i] * definition.ErrorBudget);
            var expected = requests * p;
            var bad = Math.Clamp(Math.Round(expected + (Math.Sqrt(expected * (1 - p)) * Normal(random))), 0, requests);
            total[i] = requests;
            good[i] = requests - bad;
        }
        return new SloSeries(definition, null, Start, good, total, true);
    }

    public static SloDefinition Definition(double objective = 0.99, int days = 28) =>
        new("checkout-fast", "Checkout is fast", "チェックアウトが速い", "prod", SliKind.Latency, "api", "/api/checkout", TimeSpan.FromSeconds(1),
            objective, SloWindow.Rolling(days), false, "slos.yaml", 1);

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
