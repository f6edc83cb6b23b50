namespace OpsReport.Collectors.Sources.Demo;

/// <summary>
/// Percentiles of a count-weighted mixture of log-normal latency distributions: the true percentile of all requests
/// pooled together, which is what a p95 over several tenants or hours means (averaging their p95s would not be).
/// </summary>
internal sealed class LogNormalMixture
{
    private const double InvSqrt2Pi = 0.3989422804014327;

    private double[] _weights;
    private double[] _mus;
    private double[] _sigmas;

    /// <param name="capacity">Components expected at most (it still grows past them): a week's rollup over every tenant of a path has thousands.</param>
    public LogNormalMixture(int capacity = 64)
    {
        capacity = Math.Max(1, capacity);
        _weights = new double[capacity];
        _mus = new double[capacity];
        _sigmas = new double[capacity];
    }

    public int Count { get; private set; }

    public double TotalWeight { get; private set; }

    public void Clear()
    {
        Count = 0;
        TotalWeight = 0;
    }

    /// <summary>Adds requests whose latency is log-normal with median exp(mu) and shape sigma.</summary>
    public void Add(double weight, double mu, double sigma)
    {
        if (weight <= 0)
            return;
        if (Count == _weights.Length)
        {
            Array.Resize(ref _weights, Count * 2);
            Array.Resize(ref _mus, Count * 2);
            Array.Resize(ref _sigmas, Count * 2);
        }
        _weights[Count] = weight;
        _mus[Count] = mu;
        _sigmas[Count] = sigma;
        Count++;
        TotalWeight += weight;
    }

    /// <summary>The quantile q (0–1) of the mixture; z is the standard normal quantile of q.</summary>
    /// <remarks>
    /// Solved in log space by bisection on the mixture CDF, with Newton steps taken whenever they stay inside the
    /// bracket (rtsafe, Numerical Recipes 9.4). The bracket starts at the smallest and largest component quantile:
    /// every component is below q at the first and above it at the second, so the mixture quantile lies between.
    /// </remarks>
    public double Quantile(double q, double z)
    {
        if (Count == 0)
            throw new InvalidOperationException("The mixture is empty.");
        var lo = double.MaxValue;
        var hi = double.MinValue;
        var mean = 0.0;
        for (var i = 0; i < Count; i++)
        {
            var x = _mus[i] + (_sigmas[i] * z);
            lo = Math.Min(lo, x);
            hi = Math.Max(hi, x);
            mean += _weights[i] * x;
        }
        if (hi - lo < 1e-12)
            return Math.Exp(lo);
        var t = Math.Clamp(mean / TotalWeight, lo, hi);
        for (var iteration = 0; iteration < 100 && hi - lo > 1e-10; iteration++)
        {
            var (cdf, pdf) = Evaluate(t);
            var g = cdf - q;
            if (g == 0)
                break;
            if (g < 0)
                lo = t;
            else
                hi = t;
            var newton = pdf > 0 ? t - (g / pdf) : double.NaN;
            var next = newton > lo && newton < hi ? newton : 0.5 * (lo + hi);
            var converged = Math.Abs(next - t) < 1e-11;
            t = next;
            if (converged)
                break;
        }
        return Math.Exp(t);
    }

    // CDF and density of the mixture of ln(latency) at t.
    private (double Cdf, double Pdf) Evaluate(double t)
    {
        double cdf = 0, pdf = 0;
        // Spans of exactly Count elements: the loop runs without bounds checks (a week's rollup has thousands of components).
        var weights = _weights.AsSpan(0, Count);
        var mus = _mus.AsSpan(0, weights.Length);
        var sigmas = _sigmas.AsSpan(0, weights.Length);
        for (var i = 0; i < weights.Length; i++)
        {
            var zi = (t - mus[i]) / sigmas[i];
            var phi = InvSqrt2Pi * Math.Exp(-0.5 * zi * zi);
            cdf += weights[i] * NormalCdf(zi, phi);
            pdf += weights[i] * phi / sigmas[i];
        }
        return (cdf / TotalWeight, pdf / TotalWeight);
    }

    /// <summary>The standard normal CDF at z.</summary>
    public static double NormalCdf(double z) => NormalCdf(z, InvSqrt2Pi * Math.Exp(-0.5 * z * z));

    // Abramowitz & Stegun 26.2.17 (absolute error < 7.5e-8), reusing the density already computed.
    private static double NormalCdf(double z, double phi)
    {
        var a = Math.Abs(z);
        var k = 1.0 / (1.0 + (0.2316419 * a));
        var tail = phi * k * (0.319381530 + (k * (-0.356563782 + (k * (1.781477937 + (k * (-1.821255978 + (k * 1.330274429))))))));
        return z >= 0 ? 1.0 - tail : tail;
    }
}
