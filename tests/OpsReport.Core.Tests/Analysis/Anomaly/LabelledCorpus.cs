namespace OpsReport.Core.Tests.Analysis.Anomaly;

/// <summary>One generated file: 5-minute values (NaN = missing) and the labelled anomaly windows, NAB style.</summary>
internal sealed record LabelledSeries(string Name, DateTimeOffset Start, TimeSpan Step, double[] Values, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> Windows, IReadOnlyList<string> Planted);

/// <summary>
/// A labelled corpus of CloudWatch-like 5-minute series, written without looking at the detector: idle and busy CPU,
/// heavy-tailed network bytes, random-walk drift, daily rhythms, integer request counts, recurring batch bursts and
/// quantized values, multiplicative noise on a daily rhythm and long flat stretches with rare ordinary blips, with
/// spikes, dips, drops to zero, level shifts up and down, bursts and variance changes planted (1–3 per file, spaced apart;
/// half of the shifts and bursts come on over 15–60 minutes). One file in three also has an unlabelled regime change
/// (the level moves by −30 % to +40 % over 6–24 hours), as real series drift between events; a few points are missing.
/// Windows follow the NAB convention: 10% of the file split over its anomalies, each window centred on the onset.
/// About one file in seven is plain and must stay quiet.
/// </summary>
internal static class LabelledCorpus
{
    public static readonly DateTimeOffset Origin = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<LabelledSeries> Generate(IEnumerable<int> seeds) => seeds.Select(One).ToList();

    public static LabelledSeries One(int seed)
    {
        var random = new Random(seed);
        var step = TimeSpan.FromMinutes(5);
        var n = 3000 + random.Next(1500);
        var start = Origin.AddDays(random.Next(60)).AddMinutes(5 * random.Next(288));
        var kind = random.Next(10);
        var (clean, noise, _) = Base(kind, n, start, step, random);
        Regime(clean, noise.Level, random);
        // Shapes added later draw from their own stream, so the files of the earlier corpus keep their values.
        var variant = new Random(unchecked((seed * 7919) + 17));
        if (kind == 7 && variant.NextDouble() < 0.5)
            DailyBatch(clean, noise.Level, start, step, variant);
        var values = (double[])clean.Clone();

        // How far ordinary values stray from their local level: what a person reading the chart calls "normal".
        var deviations = new double[n];
        for (var i = 0; i < n; i++)
            deviations[i] = clean[i] - noise.Level[i];
        var sorted = deviations.Where(double.IsFinite).Order().ToArray();
        double Q(double q) => sorted[(int)(q * (sorted.Length - 1))];
        // A flat series has no spread at all: a person still sees a move of a twentieth of its level.
        var floor = (0.05 * noise.Level.Where(double.IsFinite).Average()) + 1e-9;
        var rangeUp = Math.Max(Q(0.999) - Q(0.5), floor);
        var rangeDown = Math.Max(Q(0.5) - Q(0.001), floor);

        var count = random.NextDouble() < 0.15 ? 0 : 1 + random.Next(3);
        var windowLength = count == 0 ? 0 : (int)(0.1 * n / count);
        var onsets = new List<int>();
        for (var attempt = 0; onsets.Count < count && attempt < 200; attempt++)
        {
            var at = (int)(n * (0.2 + (0.72 * random.NextDouble())));
            if (onsets.All(o => Math.Abs(o - at) > windowLength + 300))
                onsets.Add(at);
        }
        onsets.Sort();
        var planted = new List<string>();
        for (var k = 0; k < onsets.Count; k++)
        {
            var at = onsets[k];
            var next = k + 1 < onsets.Count ? onsets[k + 1] - 50 : n;
            planted.Add(Plant(random.Next(9), values, noise.Level, at, next, rangeUp, rangeDown, random));
            if (planted[^1].StartsWith("burst", StringComparison.Ordinal) || planted[^1].StartsWith("zero", StringComparison.Ordinal))
                Waves(values, clean, at, next, variant, planted);
        }
        if (kind == 5)
        {
            for (var i = 0; i < n; i++)
                values[i] = Math.Round(values[i]);
        }
        if (kind == 7)
        {
            for (var i = 0; i < n; i++)
                values[i] = Math.Round(values[i] * 500) / 500;
        }
        // Collection gaps: a few missing points, as CloudWatch exports have them.
        for (var g = random.Next(4); g > 0; g--)
        {
            var at = random.Next(n - 10);
            for (var i = at; i < at + 1 + random.Next(6); i++)
                values[i] = double.NaN;
        }
        var windows = onsets.Select(o => (start + (step * (o - (windowLength / 2))), start + (step * (o + (windowLength / 2))))).ToList();
        return new LabelledSeries($"seed{seed}-kind{kind}", start, step, values, windows, planted);
    }

    private sealed record Noise(double[] Level);

    // A nightly job on an idle host: one or two points far above the usual level at the same time every day. Ordinary, so part of the
    // clean series; a spike planted on top of such a series must clear these peaks to be seen as one.
    private static void DailyBatch(double[] values, double[] level, DateTimeOffset start, TimeSpan step, Random random)
    {
        var perDay = (int)(TimeSpan.FromDays(1) / step);
        var offset = random.Next(perDay);
        var width = 1 + random.Next(2);
        var height = 6 + (6 * random.NextDouble());
        for (var i = 0; i < values.Length; i++)
        {
            if ((i + offset) % perDay < width)
                values[i] = level[i] * height * (0.85 + (0.3 * random.NextDouble()));
        }
    }

    // A disturbance that comes back in waves: in half of the files with a burst or an outage, one to three shorter
    // repeats of it follow within eight hours (a retry storm, traffic settling after an outage). Unlabelled
    // beyond the episode's own window: the labels name the episode, not each wave.
    private static void Waves(double[] values, double[] clean, int at, int limit, Random random, List<string> planted)
    {
        if (random.NextDouble() >= 0.5)
            return;
        var zero = planted[^1].StartsWith("zero", StringComparison.Ordinal);
        var echoes = 1 + random.Next(3);
        var from = at + 24;
        for (var k = 0; k < echoes; k++)
        {
            // All within eight hours of the onset.
            var e = from + random.Next(Math.Max(1, at + 84 - from));
            var length = 3 + random.Next(10);
            if (e + length >= Math.Min(limit, values.Length) || !double.IsFinite(values[at]))
                break;
            for (var j = 0; j < length; j++)
                values[e + j] = zero ? 0 : values[e + j] + (values[at + Math.Min(j, 5)] - clean[at + Math.Min(j, 5)]);
            from = e + length;
        }
        planted[^1] += $"+{echoes}waves";
    }

    // A regime change that is ordinary (a deploy, a new customer): in one file of three, the level moves by -30 % to +40 %
    // over 6 to 24 hours, unlabelled, as real series drift between the labelled events.
    private static void Regime(double[] values, double[] level, Random random)
    {
        if (random.NextDouble() >= 0.33)
            return;
        var n = values.Length;
        var at = random.Next(n / 5, n - 10);
        var ramp = 72 + random.Next(216);
        var factor = 0.7 + (0.7 * random.NextDouble());
        for (var i = at; i < n; i++)
        {
            var f = 1 + ((factor - 1) * Math.Min(1.0, (i - at) / (double)ramp));
            values[i] *= f;
            level[i] *= f;
        }
    }

    // Each base is a level (what a reader sees as the usual value at that time) plus noise of its kind.
    private static (double[] Values, Noise Noise, bool FloorZero) Base(int kind, int n, DateTimeOffset start, TimeSpan step, Random random)
    {
        var values = new double[n];
        var level = new double[n];
        var daily = random.NextDouble() < 0.5 ? random.NextDouble() * 0.4 : 0;
        var phase = random.NextDouble() * 2 * Math.PI;
        double Day(int i) => 1 + (daily * Math.Sin((2 * Math.PI * (start + (step * i)).TimeOfDay.TotalHours / 24) + phase));
        switch (kind)
        {
            case 0: // busy CPU: gaussian noise around a level with a daily rhythm
            {
                var l = 10 + (random.NextDouble() * 60);
                var s = l * (0.02 + (0.08 * random.NextDouble()));
                for (var i = 0; i < n; i++)
                {
                    level[i] = l * Day(i);
                    values[i] = Math.Max(0, level[i] + (s * Normal(random)));
                }
                return (values, new Noise(level), false);
            }
            case 1: // heavy-tailed: Student t with 3 degrees of freedom
            {
                var l = 1 + (random.NextDouble() * 100);
                var s = l * (0.02 + (0.06 * random.NextDouble()));
                for (var i = 0; i < n; i++)
                {
                    level[i] = l * Day(i);
                    values[i] = Math.Max(0, level[i] + (s * StudentT(random, 3)));
                }
                return (values, new Noise(level), false);
            }
            case 2: // random-walk drift (slowly mean-reverting) with measurement noise
            {
                var l = 20 + (random.NextDouble() * 50);
                var s = l * (0.01 + (0.03 * random.NextDouble()));
                var drift = 0.0;
                for (var i = 0; i < n; i++)
                {
                    drift = (0.997 * drift) + (s * 0.35 * Normal(random));
                    level[i] = (l + drift) * Day(i);
                    values[i] = Math.Max(0, level[i] + (s * Normal(random)));
                }
                return (values, new Noise(level), false);
            }
            case 3: // network bytes: multiplicative log-normal noise
            {
                var l = 1e5 + (random.NextDouble() * 1e7);
                var s = 0.1 + (0.4 * random.NextDouble());
                for (var i = 0; i < n; i++)
                {
                    level[i] = l * Day(i);
                    values[i] = level[i] * Math.Exp((s * Normal(random)) - (s * s / 2));
                }
                return (values, new Noise(level), false);
            }
            case 4: // request counts: Poisson around a daily rhythm
            case 5:
            {
                var l = kind == 4 ? 20 + (random.NextDouble() * 2000) : 1 + (random.NextDouble() * 8);
                var rhythm = Math.Max(daily, 0.3);
                for (var i = 0; i < n; i++)
                {
                    level[i] = l * (1 + (rhythm * Math.Sin((2 * Math.PI * (start + (step * i)).TimeOfDay.TotalHours / 24) + phase)));
                    values[i] = Poisson(random, level[i]);
                }
                return (values, new Noise(level), true);
            }
            case 6: // disk writes: a low level with recurring batch bursts that are normal
            {
                var l = 1e4 + (random.NextDouble() * 1e6);
                var every = new[] { 12, 24, 48, 72, 288 }[random.Next(5)];
                var width = 1 + random.Next(3);
                var height = 3 + (random.NextDouble() * 8);
                var offset = random.Next(every);
                for (var i = 0; i < n; i++)
                {
                    level[i] = l;
                    var burst = (i + offset) % every < width ? height * (0.8 + (0.4 * random.NextDouble())) : 1;
                    values[i] = l * burst * Math.Exp(0.15 * Normal(random));
                }
                return (values, new Noise(level), false);
            }
            case 8: // load balancer requests or CPU: multiplicative noise on a daily rhythm
            {
                var l = 5 + (random.NextDouble() * 500);
                var s = 0.08 + (0.25 * random.NextDouble());
                var rhythm = 0.2 + (0.5 * random.NextDouble());
                for (var i = 0; i < n; i++)
                {
                    level[i] = l * (1 + (rhythm * Math.Sin((2 * Math.PI * (start + (step * i)).TimeOfDay.TotalHours / 24) + phase)));
                    values[i] = level[i] * Math.Exp((s * Normal(random)) - (s * s / 2));
                }
                return (values, new Noise(level), false);
            }
            case 9: // long flat stretches (a disk that is rarely written): one value, with a rare ordinary blip
            {
                var l = Math.Round(1 + (random.NextDouble() * 100));
                for (var i = 0; i < n; i++)
                {
                    level[i] = l;
                    values[i] = random.NextDouble() < 0.002 ? l + ((1 + l) * (0.5 + random.NextDouble())) : l;
                }
                return (values, new Noise(level), false);
            }
            default: // idle CPU: small, quantized, with an occasional blip that is ordinary
            {
                var l = 0.05 + (random.NextDouble() * 2);
                for (var i = 0; i < n; i++)
                {
                    level[i] = l;
                    var blip = random.NextDouble() < 0.01 ? l * random.NextDouble() * 1.5 : 0;
                    values[i] = Math.Max(0.002, l + (l * 0.05 * Normal(random)) + blip);
                }
                return (values, new Noise(level), false);
            }
        }
    }

    private static string Plant(int shape, double[] v, double[] level, int at, int limit, double up, double down, Random random)
    {
        var n = v.Length;
        int End(int length) => Math.Min(Math.Min(n, limit), at + length);
        // Half of the shifts and bursts come on gradually, over 15 minutes to 1 hour, as real episodes do.
        var ramp = random.NextDouble() < 0.5 ? 0 : 3 + random.Next(10);
        double Ramp(int i) => ramp == 0 ? 1 : Math.Min(1.0, (i - at + 1) / (double)ramp);
        switch (shape)
        {
            case 0: // spike of 1-3 points
            {
                var size = up * (1.1 + (1.6 * random.NextDouble()));
                for (var i = at; i < End(1 + random.Next(3)); i++)
                    v[i] = level[i] + size * (0.8 + (0.4 * random.NextDouble()));
                return $"spike@{at}";
            }
            case 1: // dip of 1-3 points
            {
                var size = down * (1.2 + random.NextDouble());
                for (var i = at; i < End(1 + random.Next(3)); i++)
                    v[i] = Math.Max(0, level[i] - size);
                return $"dip@{at}";
            }
            case 2: // drop to zero for a while
            {
                for (var i = at; i < End(3 + random.Next(120)); i++)
                    v[i] = 0;
                return $"zero@{at}";
            }
            case 3: // level shift up, lasting to the next anomaly or the end
            {
                var size = up * (0.6 + (1.2 * random.NextDouble()));
                for (var i = at; i < End(n); i++)
                    v[i] += size * Ramp(i);
                return $"shift-up@{at}";
            }
            case 4: // level shift down (to a fraction of the level, or by an amount)
            {
                var factor = 0.2 + (0.5 * random.NextDouble());
                for (var i = at; i < End(n); i++)
                    v[i] = Math.Max(0, v[i] - (Math.Max(down * 1.2, (1 - factor) * level[i]) * Ramp(i)));
                return $"shift-down@{at}";
            }
            case 5: // burst that comes and goes
            case 6:
            {
                var size = up * (0.7 + (1.3 * random.NextDouble()));
                for (var i = at; i < End(6 + ramp + random.Next(80)); i++)
                    v[i] += size * Ramp(i) * (0.7 + (0.6 * random.NextDouble()));
                return $"burst@{at}";
            }
            case 7: // variance change: the same level, much noisier for a while
            {
                var factor = 4 + (3 * random.NextDouble());
                for (var i = at; i < End(60 + random.Next(300)); i++)
                    v[i] = Math.Max(0, level[i] + ((v[i] - level[i]) * factor));
                return $"variance@{at}";
            }
            default: // short bursty period: a few separate spikes within an hour
            {
                var size = up * (1.5 + random.NextDouble());
                for (var i = at; i < End(12); i += 1 + random.Next(4))
                    v[i] = level[i] + size;
                return $"spikes@{at}";
            }
        }
    }

    public static double Normal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static double StudentT(Random random, int df)
    {
        var chi = 0.0;
        for (var k = 0; k < df; k++)
        {
            var z = Normal(random);
            chi += z * z;
        }
        return Normal(random) / Math.Sqrt(chi / df);
    }

    private static double Poisson(Random random, double lambda)
    {
        if (lambda > 50)
            return Math.Max(0, Math.Round(lambda + (Math.Sqrt(lambda) * Normal(random))));
        var limit = Math.Exp(-lambda);
        var k = 0;
        var p = random.NextDouble();
        while (p > limit)
        {
            k++;
            p *= random.NextDouble();
        }
        return k;
    }
}
