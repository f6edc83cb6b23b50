using System.Runtime.InteropServices;
using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Sources.Demo;

/// <summary>Collects points per series by a precomputed index, so the hot loops never hash a series key.</summary>
/// <remarks>
/// Each series gets a slice of one array shared by the series registered together, sized when they are registered (the
/// generators know how many periods a window has). A week of the production latency stream is one array of a few MB:
/// it lands on the large object heap, which the garbage collector neither copies nor scans for references, instead of
/// thousands of small lists copied from generation to generation while the batch waits for its commit; in a backfill
/// those copies stopped the committing thread too (<c>dotnet-trace</c> of <c>bench collect</c>).
/// </remarks>
internal sealed class SeriesBatchBuilder
{
    private readonly List<SeriesKey> _keys = [];
    private readonly List<Slot> _slots = [];

    // Slots registered since the last array was allocated, and the points they reserved.
    private int _unbackedFrom;
    private int _unbackedPoints;

    /// <param name="capacity">Points the series will get in this batch (more are still accepted, in a list of their own).</param>
    public int Register(SeriesKey key, int capacity)
    {
        capacity = Math.Max(0, capacity);
        _keys.Add(key);
        _slots.Add(new Slot { Offset = _unbackedPoints, Capacity = capacity });
        _unbackedPoints += capacity;
        return _keys.Count - 1;
    }

    public void Add(int series, DateTimeOffset timestamp, double value)
    {
        ref var slot = ref CollectionsMarshal.AsSpan(_slots)[series];
        if (slot.Array is null && slot.Overflow is null)
        {
            Back();
            slot = ref CollectionsMarshal.AsSpan(_slots)[series];
        }
        if (slot.Overflow is null && slot.Count < slot.Capacity)
        {
            slot.Array![slot.Offset + slot.Count++] = new Point(timestamp, value);
            return;
        }
        slot.Overflow ??= [.. slot.Array.AsSpan(slot.Offset, slot.Count)];
        slot.Overflow.Add(new Point(timestamp, value));
    }

    public IReadOnlyList<SeriesPoints> Build()
    {
        var result = new List<SeriesPoints>(_keys.Count);
        for (var i = 0; i < _keys.Count; i++)
        {
            var slot = _slots[i];
            if (slot.Overflow is { } overflow)
                result.Add(new SeriesPoints(_keys[i], overflow));
            else if (slot.Count > 0)
                result.Add(new SeriesPoints(_keys[i], new ArraySegment<Point>(slot.Array!, slot.Offset, slot.Count)));
        }
        return result;
    }

    // One array for every slot registered since the last one; every element is written before it is read.
    private void Back()
    {
        var array = GC.AllocateUninitializedArray<Point>(_unbackedPoints);
        var slots = CollectionsMarshal.AsSpan(_slots);
        for (var i = _unbackedFrom; i < slots.Length; i++)
            slots[i].Array = array;
        _unbackedFrom = slots.Length;
        _unbackedPoints = 0;
    }

    private struct Slot
    {
        public Point[]? Array;
        public int Offset;
        public int Capacity;
        public int Count;
        public List<Point>? Overflow;
    }
}
