using System.Text.Json.Serialization;

namespace OpsReport.Core.Storage;

/// <summary>
/// The JSON the store keeps in its columns and settings (finding numbers and labels, tenant names, log retention), with
/// serializers generated at build time: the first read of a process (a <c>report render</c>) does not build them by
/// reflection, and the bytes are the same as the default serializer's.
/// </summary>
[JsonSerializable(typeof(Dictionary<string, double>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, int?>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, double>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, int?>))]
[JsonSerializable(typeof(long[]))]
public sealed partial class StoreJson : JsonSerializerContext;
