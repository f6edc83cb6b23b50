using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace OpsReport.Core.Configuration;

/// <summary>
/// Finds configuration values of the wrong type (<c>"IsProduction": "yes"</c>, <c>"InsightsConcurrency": "four"</c>, a string
/// where a list belongs). The standard binder throws for some of them and, inside a list, silently drops the whole item —
/// which turned a typo in an environment into demo data. Checked before binding, so every mistake is named at once.
/// </summary>
public static class ConfigurationTypeChecker
{
    public static IReadOnlyList<string> FindTypeErrors(IConfigurationSection section, Type optionsType)
    {
        var errors = new List<string>();
        Walk(section, optionsType, errors);
        return errors;
    }

    private static void Walk(IConfigurationSection section, Type type, List<string> errors)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var children = section.GetChildren().ToList();
        if (IsDictionary(type, out var valueType))
        {
            if (section.Value is { Length: > 0 } && children.Count == 0)
                errors.Add($"{section.Path}: '{section.Value}' is a single value; expected a map of names to {Describe(valueType)} (\"key\": value).");
            foreach (var child in children)
                Walk(child, valueType, errors);
            return;
        }
        if (ElementType(type) is { } element)
        {
            if (section.Value is { Length: > 0 } && children.Count == 0)
                errors.Add($"{section.Path}: '{section.Value}' is a single value; expected a list ([ … ]).");
            foreach (var child in children.Where(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                Walk(child, element, errors);
            return;
        }
        if (IsComplex(type))
        {
            if (section.Value is { Length: > 0 } && children.Count == 0)
            {
                errors.Add($"{section.Path}: '{section.Value}' is a single value; expected a section with keys ({{ … }}).");
                return;
            }
            var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
            foreach (var child in children)
            {
                // Unknown keys are ConfigurationKeyChecker's to report.
                if (properties.TryGetValue(child.Key, out var property))
                    Walk(child, property.PropertyType, errors);
            }
            return;
        }
        if (children.Count > 0)
        {
            errors.Add($"{section.Path}: is a section; expected {Describe(type)}.");
            return;
        }
        if (section.Value is null || type == typeof(string) || type == typeof(object))
            return;
        if (section.Value.Length == 0)
        {
            errors.Add($"{section.Path}: is empty; expected {Describe(type)}.");
            return;
        }
        if (!Converts(section.Value, type))
            errors.Add($"{section.Path}: '{section.Value}' is not {Describe(type)}.");
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
}
