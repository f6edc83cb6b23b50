using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace OpsReport.Core.Configuration;

/// <summary>
/// Walks a configuration section beside the options type it binds to, before binding, and names every mistake at once:
/// keys that bind to nothing (a typo such as <c>OpsReport:TimeZon</c>, which the binder ignores silently) and values of
/// the wrong type (<c>"IsProduction": "yes"</c>, <c>"InsightsConcurrency": "four"</c>, a string where a list belongs; the
/// binder throws for some and, inside a list, silently drops the whole item — which turned a typo in an environment into
/// demo data).
/// </summary>
public static class ConfigurationChecker
{
    public static IReadOnlyList<string> FindUnknownKeys(IConfigurationSection section, Type optionsType) => Check(section, optionsType).UnknownKeys;

    public static IReadOnlyList<string> FindTypeErrors(IConfigurationSection section, Type optionsType) => Check(section, optionsType).TypeErrors;

    private static Findings Check(IConfigurationSection section, Type optionsType)
    {
        var findings = new Findings([], []);
        Walk(section, optionsType, findings);
        return findings;
    }

    private static void Walk(IConfigurationSection section, Type type, Findings findings)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var children = section.GetChildren().ToList();
        var single = section.Value is { Length: > 0 } && children.Count == 0;
        if (IsDictionary(type, out var valueType))
        {
            if (single)
                findings.TypeErrors.Add($"{section.Path}: '{section.Value}' is a single value; expected a map of names to {Describe(valueType)} (\"key\": value).");
            foreach (var child in children)
                Walk(child, valueType, findings);
            return;
        }
        if (ElementType(type) is { } element)
        {
            if (single)
                findings.TypeErrors.Add($"{section.Path}: '{section.Value}' is a single value; expected a list ([ … ]).");
            foreach (var child in children)
            {
                if (int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    Walk(child, element, findings);
                else
                    findings.UnknownKeys.Add($"{child.Path}: a list is expected here (keys 0, 1, 2, …), not '{child.Key}'.");
            }
            return;
        }
        if (IsComplex(type))
        {
            if (single)
            {
                findings.TypeErrors.Add($"{section.Path}: '{section.Value}' is a single value; expected a section with keys ({{ … }}).");
                return;
            }
            var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite || ElementType(p.PropertyType) is not null)
                .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
            foreach (var child in children)
            {
                if (properties.TryGetValue(child.Key, out var property))
                    Walk(child, property.PropertyType, findings);
                else
                    findings.UnknownKeys.Add($"{child.Path}: unknown key '{child.Key}'; expected one of {string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))}.");
            }
            return;
        }
        if (children.Count > 0)
        {
            findings.TypeErrors.Add($"{section.Path}: is a section; expected {Describe(type)}.");
            return;
        }
        if (section.Value is null || type == typeof(string) || type == typeof(object))
            return;
        if (section.Value.Length == 0)
            findings.TypeErrors.Add($"{section.Path}: is empty; expected {Describe(type)}.");
        else if (!Converts(section.Value, type))
            findings.TypeErrors.Add($"{section.Path}: '{section.Value}' is not {Describe(type)}.");
    }

    private static bool Converts(string value, Type type)
    {
        if (type.IsEnum)
            return Enum.GetNames(type).Any(n => string.Equals(n, value, StringComparison.OrdinalIgnoreCase));
        if (type == typeof(TimeSpan))
            return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out _);
        try
        {
            return TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value) is not null;
        }
        catch (Exception e) when (e is FormatException or NotSupportedException or ArgumentException or OverflowException)
        {
            return false;
        }
    }

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
            return "one of " + string.Join(", ", Enum.GetNames(type));
        return type switch
        {
            _ when type == typeof(bool) => "a boolean (true or false)",
            _ when type == typeof(int) || type == typeof(long) => "a whole number (e.g. 4)",
            _ when type == typeof(double) || type == typeof(decimal) || type == typeof(float) => "a number (e.g. 1.5)",
            _ when type == typeof(TimeSpan) => "a duration (hh:mm:ss, e.g. 00:05:00)",
            _ when type == typeof(string) => "text",
            _ when IsDictionary(type, out _) => "a map of names to values",
            _ when ElementType(type) is not null => "a list",
            _ => "a section with keys",
        };
    }

    private static bool IsDictionary(Type type, out Type valueType)
    {
        var dictionary = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        valueType = dictionary?.GetGenericArguments()[1] ?? typeof(object);
        return dictionary is not null;
    }

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string))
            return null;
        if (type.IsArray)
            return type.GetElementType();
        var enumerable = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable is not null && typeof(IList).IsAssignableFrom(type) ? enumerable.GetGenericArguments()[0] : null;
    }

    private static bool IsComplex(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type);

    private sealed record Findings(List<string> UnknownKeys, List<string> TypeErrors);
}
