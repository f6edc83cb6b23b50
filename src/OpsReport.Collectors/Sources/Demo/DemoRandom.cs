namespace OpsReport.Collectors.Sources.Demo;

/// <summary>
/// Counter-based randomness: every draw is a pure function of (stream, tick, salt), so a value does not depend on which
/// window or in which order it was generated. string.GetHashCode is randomized per process and must not be used here.
/// </summary>
internal static class DemoRandom
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private const ulong SaltMultiplier = 0xD1B54A32D192ED03UL;

    /// <summary>FNV-1a over UTF-16 code units, finished with the SplitMix64 mixer.</summary>
    public static ulong Hash(string text)
    {
        var h = 14695981039346656037UL;
        foreach (var c in text)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        return Mix(h);
    }

    /// <summary>The SplitMix64 finalizer (Steele, Lea and Flood 2014).</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public static ulong Stream(int seed, string identity) => Mix((ulong)(uint)seed * Golden ^ Hash(identity));

    /// <summary>Uniform in [0, 1).</summary>
    public static double Uniform(ulong stream, long tick, int salt)
    {
        var z = Mix(stream + (ulong)tick * Golden + (ulong)(salt + 1) * SaltMultiplier);
        return (z >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>Standard normal by Box–Muller from two independent uniforms.</summary>
    public static double Normal(ulong stream, long tick, int salt)
    {
        var u1 = 1.0 - Uniform(stream, tick, 2 * salt);
        var u2 = Uniform(stream, tick, (2 * salt) + 1);
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
