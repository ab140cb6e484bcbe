using System.Text.RegularExpressions;

namespace SmartMiljo.OpenData.Api.Downloads;

/// <summary>What a download URL asks for: a dataset, a format extension and optionally a version.</summary>
internal sealed partial record DownloadRequest(string Organisation, string Dataset, string Extension, int? Version)
{
    /// <summary><c>/download/{org}/{dataset}.{ext}</c>; the extension is everything after the first dot
    /// (slugs have no dots), so two-part extensions such as <c>excel.csv</c> work.</summary>
    public static DownloadRequest? ForCurrent(string organisation, string file)
    {
        var dot = file.IndexOf('.');
        if (dot <= 0 || dot == file.Length - 1) return null;
        return new DownloadRequest(organisation, file[..dot], file[(dot + 1)..].ToLowerInvariant(), null);
    }

    /// <summary><c>/download/{org}/{dataset}/v{n}.{ext}</c>.</summary>
    public static DownloadRequest? ForVersion(string organisation, string dataset, string file)
    {
        var match = VersionFile().Match(file);
        if (!match.Success || !int.TryParse(match.Groups[1].ValueSpan, out var version) || version < 1) return null;
        return new DownloadRequest(organisation, dataset, match.Groups[2].Value.ToLowerInvariant(), version);
    }

    [GeneratedRegex(@"^v(\d{1,9})\.(.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionFile();
}
