namespace SmartMiljo.OpenData.Api.OData;

/// <summary>Limits and defaults of the OData service; bound from configuration by the host.</summary>
public sealed class ODataServiceOptions
{
    /// <summary>Rows per response page; a client may ask for fewer with <c>Prefer: odata.maxpagesize</c>.</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>Largest accepted <c>$top</c>. Larger values get 400; smaller ones are paged anyway.</summary>
    public long MaxTop { get; set; } = int.MaxValue;

    /// <summary>Largest accepted <c>$skip</c>: a skip is an OFFSET scan, so deep skips are refused
    /// (clients follow <c>@odata.nextLink</c>, which is keyset based).</summary>
    public long MaxSkip { get; set; } = 1_000_000;

    /// <summary>Wall-clock limit for one SQL statement.</summary>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most expression nodes accepted in <c>$filter</c> plus <c>$search</c> (items of an
    /// <c>in</c> list count too). Guards against pathological queries.</summary>
    public int MaxFilterNodes { get; set; } = 1000;

    /// <summary>Deepest nesting accepted in <c>$filter</c> and <c>$search</c> (each operator, function or
    /// parenthesised level is one). Far beyond any real query, well within what the databases accept.</summary>
    public int MaxFilterDepth { get; set; } = 100;

    /// <summary>Most keys in <c>$orderby</c>.</summary>
    public int MaxOrderByKeys { get; set; } = 8;
}
