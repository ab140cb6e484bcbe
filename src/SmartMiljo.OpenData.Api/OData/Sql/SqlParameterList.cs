namespace SmartMiljo.OpenData.Api.OData.Sql;

/// <summary>Values bound to a statement. Every value from a request goes through here, never into SQL text.</summary>
public sealed class SqlParameterList
{
    private readonly List<object?> _values = [];

    public IReadOnlyList<object?> Values => _values;

    /// <summary>Adds a value and returns its placeholder.</summary>
    public string Add(object? value)
    {
        _values.Add(value);
        return "@p" + (_values.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public SqlParameterList Clone()
    {
        var copy = new SqlParameterList();
        copy._values.AddRange(_values);
        return copy;
    }
}
