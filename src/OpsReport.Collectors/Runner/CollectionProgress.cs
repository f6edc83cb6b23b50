using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Runner;

/// <summary>
/// Progress of one stream: reported after each committed chunk (<see cref="Window"/> is that chunk) and once more when the
/// stream is done (<see cref="Completed"/>, with <see cref="Error"/> when it failed, or <see cref="HeldBy"/> naming the
/// instance that holds the stream's lease when this pass left it alone).
/// </summary>
public sealed record CollectionProgress(
    StreamId Stream,
    TimeWindow Window,
    TimeWindow Target,
    int ChunkIndex,
    int ChunkCount,
    long PointsWritten,
    bool Completed,
    string? Error = null,
    string? HeldBy = null);
