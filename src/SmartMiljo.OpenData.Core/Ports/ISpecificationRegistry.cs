using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Core.Ports;

/// <summary>The national specifications known to this instance, every version kept.</summary>
public interface ISpecificationRegistry
{
    /// <summary>The newest version of each specification.</summary>
    IReadOnlyList<Specification> Latest { get; }

    /// <summary>All versions of one specification, oldest first; empty if unknown.</summary>
    IReadOnlyList<Specification> Versions(string id);

    /// <summary>A given version, or the newest when <paramref name="version"/> is null.</summary>
    Specification? Find(string id, string? version = null);
}
