namespace SmartMiljo.OpenData.Core.Ports;

/// <summary>Protects secrets (credentials in source addresses) for storage and reveals them to the harvester.</summary>
public interface ISecretProtector
{
    /// <summary>True when <paramref name="value"/> holds a secret worth protecting.</summary>
    bool HoldsSecret(string value);

    /// <summary>The value as stored: protected, marked so it is recognised on read.</summary>
    string Protect(string value);

    /// <summary>The plain value of a stored one; values stored before protection existed are returned as they are.</summary>
    string Reveal(string stored);

    /// <summary>True when <paramref name="stored"/> was written by <see cref="Protect"/>.</summary>
    bool IsProtected(string stored);
}
