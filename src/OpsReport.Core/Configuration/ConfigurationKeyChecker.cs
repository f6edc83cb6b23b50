using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace OpsReport.Core.Configuration;

/// <summary>
/// Finds configuration keys that bind to nothing (a typo such as <c>OpsReport:TimeZon</c>); the standard binder ignores
/// them silently, which turns a typo into a default nobody asked for.
/// </summary>
public static class ConfigurationKeyChecker
{
    public static IReadOnlyList<string> FindUnknownKeys(IConfigurationSection section, Type optionsType)
    {
        var errors = new List<string>();
        Walk(section, optionsType, errors);
        return errors;
    }

    private static void Walk(IConfigurationSection section, Type type, List<string> errors)
    {
        var element = ElementType(type);
        if (element is not null)
        {
            foreach (var child in section.GetChildren())
            {
                if (!int.TryParse(child.Key, out _))
                    errors.Add($"{child.Path}: a list is expected here (keys 0, 1, 2, …), not '{child.Key}'.");
                else if (IsComplex(element))
                    Walk(child, element, errors);
            }
            return;
        }
        if (!IsComplex(type))
            return;

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite || ElementType(p.PropertyType) is not null)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            if (!properties.TryGetValue(child.Key, out var property))
            {
                errors.Add($"{child.Path}: unknown key '{child.Key}'; expected one of {string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))}.");
                continue;
            }
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            Walk(child, propertyType, errors);
        }
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
